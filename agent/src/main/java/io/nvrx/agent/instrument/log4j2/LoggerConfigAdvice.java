package io.nvrx.agent.instrument.log4j2;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.message.Message;

/**
 * Around {@code LoggerConfig.log(LogEvent[, LoggerConfigPredicate])}: the dispatch scope of one
 * event (additivity re-enters it for each parent, bridges into Log4j 2 enter it inside another
 * framework's scope) and the route-all option.
 */
public final class LoggerConfigAdvice {
    private LoggerConfigAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.This Object config, @Advice.Argument(0) Object event) {
        if (!ConsoleRouting.enterDispatch()) {
            return false;
        }
        try {
            LogEvent e = (LogEvent) event;
            int level = FrameworkLevels.fromLog4j2(e.getLevel().intLevel());
            // As LoggerConfig.log itself: not an event its own filter rejects (which then runs
            // twice for such an event: once here, once in LoggerConfig.log).
            if (ConsoleRouting.routesAll(level) && !((LoggerConfig) config).isFiltered(e)) {
                Message message = e.getMessage();
                ConsoleRouting.routeAll(event, level, e.getLoggerName(), e.getThreadName(), e.getTimeMillis(),
                        message == null ? null : message.getFormattedMessage(), e.getThrown());
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
