package io.nvrx.agent.instrument.jboss;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Around {@code org.jboss.logmanager.Logger.logRaw(ExtLogRecord)}, called once the logger's
 * level accepted the record: the dispatch scope and route-all.
 */
public final class LoggerLogRawAdvice {
    private LoggerLogRawAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.This Object logger, @Advice.Argument(0) Object record) {
        if (!ConsoleRouting.enterDispatch()) {
            return false;
        }
        try {
            ExtLogRecord r = (ExtLogRecord) record;
            int level = FrameworkLevels.fromJboss(r.getLevel().intValue());
            java.util.logging.Filter filter = ((java.util.logging.Logger) logger).getFilter();
            if (ConsoleRouting.routesAll(level) && (filter == null || filter.isLoggable(r))) { // as logRaw: the logger's own filter
                ConsoleRouting.routeAll(record, level, r.getLoggerName(), r.getThreadName(), r.getMillis(),
                        r.getFormattedMessage(), r.getThrown());
            }
        } catch (Throwable ignored) {
            // route-all is best effort; the handlers still run
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
