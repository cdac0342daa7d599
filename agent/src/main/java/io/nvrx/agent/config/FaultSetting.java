package io.nvrx.agent.config;

import io.nvrx.bootstrap.Faults;

import java.util.Locale;

/**
 * NVRX_FAULT / nvrx.fault: a comma-separated list of faults to inject, for the fail-open tests
 * (it-tests FailOpenTest). Never set it in a real job. {@code bootstrap} is read before the
 * bootstrap classes exist (system property or environment only), the others at start-up.
 */
public final class FaultSetting {
    /** The injector itself fails: as if a bootstrap class were missing from the agent jar. */
    public static final String BOOTSTRAP = "bootstrap";

    private FaultSetting() {}

    /** The raw value, for checks made before the configuration is read. */
    public static String rawFromJvm() {
        String value = System.getProperty(Setting.FAULT.property());
        return value != null ? value : System.getenv(Setting.FAULT.envName());
    }

    public static boolean requested(String raw, String fault) {
        if (raw == null) {
            return false;
        }
        for (String part : raw.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(fault)) {
                return true;
            }
        }
        return false;
    }

    /** The {@link Faults} bits named in the value; unknown names are ignored. */
    public static int parse(String raw) {
        int faults = 0;
        if (requested(raw, "sink")) {
            faults |= Faults.SINK;
        }
        if (requested(raw, "hook")) {
            faults |= Faults.HOOK;
        }
        if (requested(raw, "start")) {
            faults |= Faults.START;
        }
        if (requested(raw, "stuck-writer")) {
            faults |= Faults.STUCK_WRITER;
        }
        if (requested(raw, "slow-spare")) {
            faults |= Faults.SLOW_SPARE;
        }
        return faults;
    }
}
