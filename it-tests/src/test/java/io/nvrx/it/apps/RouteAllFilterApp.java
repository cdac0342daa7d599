package io.nvrx.it.apps;

import java.util.logging.Logger;

/**
 * A java.util.logging logger with a filter of its own and no handler: only the route-all option
 * can print its records, and it must not print one its filter rejects.
 */
public final class RouteAllFilterApp {
    public static void main(String[] args) {
        Logger secret = Logger.getLogger("app.secret");
        secret.setUseParentHandlers(false);
        secret.setFilter(record -> !record.getMessage().contains("password"));
        secret.warning("user password is hunter2");
        secret.warning("disk almost full");
    }
}
