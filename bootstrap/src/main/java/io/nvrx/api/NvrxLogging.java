package io.nvrx.api;

import io.nvrx.bootstrap.AgentControl;
import io.nvrx.bootstrap.jul.NvrxLoggerSetup;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * The optional public API, the Java counterpart of upstream's
 * {@code setup_logger(node_local_tmp_dir=None, force_reset=False, node_local_tmp_prefix=None)}.
 * No code needs it: with the agent loaded, {@code Logger.getLogger("nvrx")} is already
 * configured. Compile against the nvrx-bootstrap artifact; at run time the agent's copy is used.
 */
public final class NvrxLogging {
    private NvrxLogging() {}

    /** Sets up (once) and returns the {@code nvrx} logger. */
    public static Logger setupLogger() {
        return setupLogger(null, null, false);
    }

    /**
     * Sets up the {@code nvrx} logger.
     *
     * @param nodeLocalTmpDir    node-local spool directory, or null for NVRX_NODE_LOCAL_TMPDIR
     * @param nodeLocalTmpPrefix spool file prefix, or null for the default (the process id)
     * @param forceReset         rebuild the configuration (from system properties and these
     *                           arguments; a JVM's environment cannot change) instead of
     *                           returning the logger configured by an earlier call
     */
    public static Logger setupLogger(String nodeLocalTmpDir, String nodeLocalTmpPrefix, boolean forceReset) {
        if (!AgentControl.setup(nodeLocalTmpDir, nodeLocalTmpPrefix, forceReset)) {
            String debug = System.getProperty("nvrx.log_debug");
            NvrxLoggerSetup.setDebug(isTrue(debug != null ? debug : System.getenv("NVRX_LOG_DEBUG")));
        }
        return NvrxLoggerSetup.configure(Logger.getLogger(NvrxLoggerSetup.LOGGER_NAME), forceReset);
    }

    /** The {@code nvrx} logger, set up if it was not yet. */
    public static Logger getLogger() {
        return setupLogger();
    }

    /** True when the nvrx agent is loaded in this JVM. */
    public static boolean agentLoaded() {
        return AgentControl.agentLoaded();
    }

    private static boolean isTrue(String value) {
        if (value == null) return false;
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
    }
}
