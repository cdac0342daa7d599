package io.nvrx.bootstrap;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own messages: one line each, on the process's original standard error (never
 * through the agent's redirect), and each kind of warning at most once per process.
 */
public final class Diagnostics {
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static volatile PrintStream out = System.err;
    private static volatile boolean debug;

    private Diagnostics() {}

    /** Called once at start-up, before System.err is replaced. */
    public static void useStream(PrintStream originalStderr, boolean debugEnabled) {
        out = originalStderr;
        debug = debugEnabled;
    }

    /** The original standard error, for the agent's own writes. */
    public static PrintStream originalStderr() {
        return out;
    }

    /** Prints a warning the first time {@code key} is seen in this process. */
    public static void warnOnce(String key, String message) {
        if (SAID.add(key)) {
            warn(message);
        }
    }

    public static void warn(String message) {
        try {
            out.println(message.startsWith("nvrx-agent:") ? message : "nvrx-agent: " + message);
            out.flush();
        } catch (Throwable ignored) {
            // Nowhere left to report to.
        }
    }

    /**
     * Warns from a daemon thread of its own and returns at once: for the JVM's shutdown, where
     * standard error may be blocked (a full pipe nobody reads, a stuck writer holding the
     * stream's lock) and a blocked warning would keep the JVM from exiting.
     */
    public static void warnWithoutWaiting(String message) {
        Thread thread = new Thread("nvrx-agent-warning") {
            @Override
            public void run() {
                warn(message);
            }
        };
        thread.setDaemon(true);
        thread.start();
    }

    /** Printed only with NVRX_AGENT_DEBUG: detail that helps a maintainer, noise for a user. */
    public static void debug(String message) {
        if (debug) {
            warn("[debug] " + message);
        }
    }
}
