package io.nvrx.agent.instrument.log4j2;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.StringBuilderFormattable;

/**
 * Inlined at the start of {@code AbstractOutputStreamAppender.append(LogEvent)}. For a
 * ConsoleAppender it routes the event to the stream of the appender's target (SYSTEM_OUT by
 * default) and skips the appender's own encoding and write. The record is formatted before this
 * returns, so a reused event (garbage-free mode, ring-buffer slots) is never read later.
 * Parameters are Object: see the Logback twin of this advice.
 */
public final class ConsoleAppenderAdvice {
    private ConsoleAppenderAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.This Object appender, @Advice.Argument(0) Object event) {
        if (!(appender instanceof ConsoleAppender) || !Router.active()) {
            return false;
        }
        LogEvent e = (LogEvent) event;
        Message message = e.getMessage();
        int stream = ((ConsoleAppender) appender).getTarget() == ConsoleAppender.Target.SYSTEM_ERR
                ? RecordSink.STDERR : RecordSink.STDOUT;
        // A garbage-free event (Log4j's default MutableLogEvent) renders into a reused per-thread
        // buffer: getFormattedMessage() would build a new String on every call.
        StringBuilder text = message instanceof StringBuilderFormattable ? ConsoleRouting.borrowText() : null;
        try {
            CharSequence rendered;
            if (text != null) {
                ((StringBuilderFormattable) message).formatTo(text);
                rendered = text;
            } else {
                rendered = message == null ? null : message.getFormattedMessage();
            }
            return ConsoleRouting.route(event, FrameworkLevels.fromLog4j2(e.getLevel().intLevel()), e.getLoggerName(),
                    e.getThreadName(), e.getTimeMillis(), rendered, e.getThrown(), stream);
        } finally {
            if (text != null) {
                ConsoleRouting.returnText();
            }
        }
    }
}
