package io.nvrx.bootstrap.jul;

import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.ThreadState;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;

import java.io.PrintStream;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
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

    /** The JVM's own standard error streams (the original and the agent's replacement); empty until the agent says. */
    private static volatile PrintStream[] processStderr = new PrintStream[0];
    /**
     * Console handlers created while System.err was a stream the app had put there (a capture,
     * a tee to its own file): their records are left to them, since routing would take them
     * out of that stream. Weak: a handler the app drops is not kept alive.
     */
    private static final Set<Handler> foreignHandlers = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<Handler, Boolean>()));
    private static volatile boolean anyForeignHandler;

    private JulRouting() {}

    /** Called by the agent once System.err is in place. */
    public static void processStderr(PrintStream... streams) {
        processStderr = streams.clone();
    }

    /**
     * Called at the end of every ConsoleHandler constructor, which has just taken System.err as
     * its stream: if that is not the JVM's standard error, the handler writes where the app chose.
     */
    public static void consoleHandlerCreated(Handler handler) {
        PrintStream[] known = processStderr;
        if (known.length == 0 || handler == null) {
            return;
        }
        PrintStream current = System.err;
        for (PrintStream stream : known) {
            if (stream == current) {
                return;
            }
        }
        foreignHandlers.add(handler);
        anyForeignHandler = true;
    }

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
        if (anyForeignHandler && foreignHandlers.contains(handler)) {
            return false; // it writes to a stream the app chose: left exactly as without the agent
        }
        if (!handler.isLoggable(record)) {
            return false; // the handler would print nothing; let it say so itself
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
