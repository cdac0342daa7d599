package io.nvrx.agent.instrument.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;

/**
 * Around {@code ch.qos.logback.classic.Logger.callAppenders(ILoggingEvent)}, where an event
 * that passed the logger's level enters Logback's appenders: the dispatch scope (exactly once
 * across sibling appenders, additivity and bridges into Logback) and the route-all option.
 */
public final class LoggerCallAppendersAdvice {
    private LoggerCallAppendersAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.Argument(0) Object event) {
        if (!ConsoleRouting.enterDispatch()) {
            return false;
        }
        try {
            ILoggingEvent e = (ILoggingEvent) event;
            int level = FrameworkLevels.fromLogback(e.getLevel().toInt());
            if (ConsoleRouting.routesAll(level)) {
                IThrowableProxy proxy = e.getThrowableProxy();
                Throwable thrown = proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null;
                ConsoleRouting.routeAll(event, level, e.getLoggerName(), e.getThreadName(), e.getTimeStamp(),
                        e.getFormattedMessage(), thrown);
            }
        } catch (Throwable ignored) {
            // route-all is best effort; the appenders still run
        }
        return true;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter boolean entered) {
        if (entered) {
            ConsoleRouting.exitDispatch();
        }
    }
}
