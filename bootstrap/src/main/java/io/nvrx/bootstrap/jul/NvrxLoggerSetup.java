package io.nvrx.bootstrap.jul;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Configures the logger named {@code nvrx} as upstream's setup_logger does: level DEBUG with
 * NVRX_LOG_DEBUG, INFO otherwise, one NVRx handler, no propagation to parent handlers.
 * Called by the hook on {@code Logger.getLogger} and by the public API.
 */
public final class NvrxLoggerSetup {
    public static final String LOGGER_NAME = "nvrx";

    private static volatile boolean debug;

    private NvrxLoggerSetup() {}

    /** Set by the agent from NVRX_LOG_DEBUG before any logger can be created. */
    public static void setDebug(boolean enabled) {
        debug = enabled;
    }

    public static boolean debug() {
        return debug;
    }

    /** Called on the exit of Logger.getLogger; cheap for every other name. */
    public static void onLoggerCreated(Logger logger) {
        if (logger != null && LOGGER_NAME.equals(logger.getName())) {
            configure(logger, false);
        }
    }

    /**
     * Configures the nvrx logger once; with {@code force}, again (a fresh handler and the
     * current debug setting), as upstream's force_reset=True.
     */
    public static synchronized Logger configure(Logger logger, boolean force) {
        NvrxHandler existing = null;
        for (Handler handler : logger.getHandlers()) {
            if (handler instanceof NvrxHandler) {
                existing = (NvrxHandler) handler;
            }
        }
        if (existing != null && !force) {
            return logger;
        }
        if (existing != null) {
            logger.removeHandler(existing);
        }
        logger.setLevel(debug ? Level.FINE : Level.INFO);
        logger.addHandler(new NvrxHandler());
        logger.setUseParentHandlers(false);
        return logger;
    }
}
