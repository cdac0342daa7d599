package io.nvrx.it.apps;

import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sets java.util.logging.manager in main, as some applications and containers do: this works
 * only if nothing (the agent included) initialised JUL's LogManager before main.
 */
public final class CustomLogManagerApp {
    /** The application's own LogManager. */
    public static final class AppLogManager extends LogManager {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        System.out.println("MANAGER " + LogManager.getLogManager().getClass().getName());
        Expect.at("after custom manager"); Logger.getLogger("app").info("after custom manager");
    }
}
