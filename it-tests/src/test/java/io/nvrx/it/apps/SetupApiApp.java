package io.nvrx.it.apps;

import io.nvrx.api.NvrxLogging;

import java.util.logging.Logger;

/** Uses the optional public API the way upstream's setup_logger is used, force_reset included. */
public final class SetupApiApp {
    public static void main(String[] args) {
        Logger first = NvrxLogging.setupLogger();
        Logger again = NvrxLogging.setupLogger();
        System.out.println("SAME " + (first == again) + " HANDLERS " + first.getHandlers().length
                + " AGENT " + NvrxLogging.agentLoaded());
        first.fine("debug before reset");
        first.info("info before reset");
        System.setProperty("nvrx.log_debug", "1");
        NvrxLogging.setupLogger(); // without forceReset: unchanged
        first.fine("debug without reset");
        Logger reset = NvrxLogging.setupLogger(null, null, true);
        System.out.println("SAME-AFTER-RESET " + (reset == first) + " HANDLERS " + reset.getHandlers().length);
        reset.fine("debug after reset");
    }
}
