package io.nvrx.agent.instrument.log4j1;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * Around {@code Category.callAppenders(LoggingEvent)}, where an event that passed the logger's
 * level enters the appenders of the category and its parents: the dispatch scope and route-all.
 */
public final class CategoryCallAppendersAdvice {
    private CategoryCallAppendersAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.Argument(0) Object event) {
        if (!ConsoleRouting.enterDispatch()) {
            return false;
        }
        try {
            LoggingEvent e = (LoggingEvent) event;
            int level = FrameworkLevels.fromLog4j1(e.getLevel().toInt());
            if (ConsoleRouting.routesAll(level)) {
                ThrowableInformation info = e.getThrowableInformation();
                ConsoleRouting.routeAll(event, level, e.getLoggerName(), e.getThreadName(), e.timeStamp,
                        e.getRenderedMessage(), info == null ? null : info.getThrowable());
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
