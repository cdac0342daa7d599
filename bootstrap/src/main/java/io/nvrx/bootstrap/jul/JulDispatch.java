package io.nvrx.bootstrap.jul;

import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;

import java.util.logging.Logger;
import java.util.logging.LogRecord;

/**
 * What the hook on {@code java.util.logging.Logger.log(LogRecord)} does: it opens the dispatch
 * scope of one JUL event (so that a bridge to another framework, such as jul-to-slf4j, does
 * not print it twice) and, with the route-all option, routes a record the logger accepts.
 */
public final class JulDispatch {
    private JulDispatch() {}

    /** Returns true if the scope was entered; the hook then calls {@link ConsoleRouting#exitDispatch}. */
    public static boolean enter(Logger logger, LogRecord record) {
        if (!ConsoleRouting.enterDispatch()) {
            return false;
        }
        try {
            if (record != null && record.getLevel() != null) {
                int level = Levels.fromJul(record.getLevel().intValue());
                java.util.logging.Filter filter;
                // As Logger.log itself: the level, then the logger's own filter (which then runs
                // twice for such a record: once here, once in Logger.log).
                if (ConsoleRouting.routesAll(level) && logger.isLoggable(record.getLevel())
                        && ((filter = logger.getFilter()) == null || filter.isLoggable(record))) {
                    ConsoleRouting.routeAll(record, level, record.getLoggerName(), null, record.getMillis(),
                            JulRouting.messageOnly().formatMessage(record), record.getThrown());
                }
            }
        } catch (Throwable ignored) {
            // route-all is best effort; the handlers still run
        }
        return true;
    }
}
