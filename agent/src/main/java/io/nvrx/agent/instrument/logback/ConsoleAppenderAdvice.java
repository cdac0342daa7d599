package io.nvrx.agent.instrument.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code OutputStreamAppender.subAppend(E)}. For a ConsoleAppender of
 * logging events it routes the event (level, logger, formatted message, throwable, without
 * the app's encoder) to the stream the appender targets, and skips the appender's own write.
 * File and other appenders pass after one {@code instanceof}. Parameters are Object so that Byte
 * Buddy never resolves a Logback type while the JVM is loading it.
 */
public final class ConsoleAppenderAdvice {
    private ConsoleAppenderAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.This Object appender, @Advice.Argument(0) Object event) {
        if (!(appender instanceof ConsoleAppender) || !(event instanceof ILoggingEvent) || !Router.active()) {
            return false;
        }
        ILoggingEvent e = (ILoggingEvent) event;
        String message = e.getFormattedMessage();
        Throwable thrown = null;
        IThrowableProxy proxy = e.getThrowableProxy();
        if (proxy instanceof ThrowableProxy) {
            thrown = ((ThrowableProxy) proxy).getThrowable();
        } else if (proxy != null) {
            message = message + "\n" + ThrowableProxyUtil.asString(proxy); // a deserialized event: only the text is left
        }
        int stream = "System.err".equals(((ConsoleAppender<?>) appender).getTarget()) ? RecordSink.STDERR : RecordSink.STDOUT;
        return ConsoleRouting.route(event, FrameworkLevels.fromLogback(e.getLevel().toInt()), e.getLoggerName(),
                e.getThreadName(), e.getTimeStamp(), message, thrown, stream);
    }
}
