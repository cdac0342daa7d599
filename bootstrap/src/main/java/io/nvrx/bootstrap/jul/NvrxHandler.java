package io.nvrx.bootstrap.jul;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.ThreadState;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The handler of the {@code nvrx} logger, as upstream's setup_logger installs one. It routes
 * through the agent; if the agent is off or fails, it still prints a plain line on standard
 * error, so the nvrx logger never goes silent.
 */
public final class NvrxHandler extends Handler {
    public NvrxHandler() {
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        if (!ThreadState.get().busy() && JulRouting.route(record, RecordSink.STDERR)) {
            return;
        }
        PrintStream err = System.err;
        err.println(record.getLevel() + " [" + record.getLoggerName() + "] "
                + JulRouting.messageOnly().formatMessage(record));
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(err);
        }
    }

    @Override
    public void flush() {
        // Writes are unbuffered.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
