package io.nvrx.agent.instrument.log4j1;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * Inlined at the start of {@code WriterAppender.append(LoggingEvent)}. For a ConsoleAppender it
 * routes the event to the stream of the appender's target ("System.out" by default) and skips
 * the appender's own layout and write. Parameters are Object: see the Logback twin.
 */
public final class ConsoleAppenderAdvice {
    private ConsoleAppenderAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.This Object appender, @Advice.Argument(0) Object event) {
        if (!(appender instanceof ConsoleAppender) || !Router.active()) {
            return false;
        }
        LoggingEvent e = (LoggingEvent) event;
        ThrowableInformation info = e.getThrowableInformation();
        int stream = "System.err".equals(((ConsoleAppender) appender).getTarget()) ? RecordSink.STDERR : RecordSink.STDOUT;
        return ConsoleRouting.route(event, FrameworkLevels.fromLog4j1(e.getLevel().toInt()), e.getLoggerName(),
                e.getThreadName(), e.timeStamp, e.getRenderedMessage(), info == null ? null : info.getThrowable(), stream);
    }
}
