package io.nvrx.agent.rank;

import java.io.File;
import java.io.IOException;

/**
 * This JVM's process id, read at start-up without {@code ProcessHandle}: its class initialiser
 * builds the JDK's process-reaper thread pool and spins lambdas, about 4 ms of every start-up.
 * On Linux {@code /proc/self} is a link named by the pid; elsewhere, or if that fails,
 * {@code ProcessHandle} answers.
 */
final class OwnPid {
    private OwnPid() {}

    static long get() {
        try {
            String name = new File("/proc/self").getCanonicalFile().getName();
            if (!name.isEmpty() && name.length() < 19 && allDigits(name)) {
                return Long.parseLong(name);
            }
        } catch (IOException | RuntimeException notLinux) {
            // ProcessHandle below
        }
        return ProcessHandle.current().pid();
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
