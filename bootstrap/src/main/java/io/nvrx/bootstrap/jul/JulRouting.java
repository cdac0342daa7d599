package io.nvrx.bootstrap.jul;

import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.ThreadState;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * What the java.util.logging hooks do. The advice inlined into {@code ConsoleHandler.publish}
 * calls {@link #publishToConsole}; a true answer makes it skip the handler's own body.
 */
public final class JulRouting {
    /** Formats only the message (resource bundle and {0} parameters), never the app's layout. */
    private static final Formatter MESSAGE_ONLY = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return formatMessage(record);
        }
    };

    private JulRouting() {}

    /**
     * Routes a record that a console handler was about to print, after that handler's own level
     * and filter. Returns true when the handler must not print it itself.
     */
    public static boolean publishToConsole(Handler handler, LogRecord record, int stream) {
        if (!Router.active() || record == null) {
            return false;
        }
        io.nvrx.bootstrap.Faults.fail(io.nvrx.bootstrap.Faults.HOOK, "the java.util.logging console hook");
        ThreadState state = ThreadState.get();
        if (state.busy()) {
            return false;
        }
        if (!handler.isLoggable(record)) {
            // The handler prints nothing: skipped, so its filter is not asked a second time (a
            // filter that samples or counts would answer otherwise the second time).
            return true;
        }
        return route(record, stream);
    }

    /**
     * Routes a record of a console handler or of the {@code nvrx} logger's own handler; through
     * {@link ConsoleRouting}, so that a sibling console handler, or a bridge to another framework
     * (jul-to-slf4j, log4j-jul), inside the same {@code Logger.log} call does not route it a
     * second time.
     */
    static boolean route(LogRecord record, int stream) {
        String message = MESSAGE_ONLY.formatMessage(record);
        return ConsoleRouting.route(record, Levels.fromJul(record.getLevel().intValue()), record.getLoggerName(),
                null, record.getMillis(), message, record.getThrown(), stream);
    }

    /** The Formatter that renders only the message, for fall-back printing. */
    static Formatter messageOnly() {
        return MESSAGE_ONLY;
    }
}
