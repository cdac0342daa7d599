package io.nvrx.agent.rank;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.io.FileInputStream;

/**
 * The host name as {@code hostname} prints it (the kernel's node name), read without a DNS
 * look-up: InetAddress.getLocalHost() can stall for seconds on a cluster node with broken DNS.
 */
public final class HostName {
    private static final String KERNEL_HOSTNAME = "/proc/sys/kernel/hostname";

    private HostName() {}

    public static String get() {
        try {
            File kernelHostname = new File(KERNEL_HOSTNAME);
            if (kernelHostname.canRead()) {
                byte[] buffer = new byte[256];
                int length;
                try (FileInputStream in = new FileInputStream(kernelHostname)) {
                    length = Math.max(0, in.read(buffer));
                }
                String name = new String(buffer, 0, length, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (Exception ignored) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.trim().isEmpty()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
