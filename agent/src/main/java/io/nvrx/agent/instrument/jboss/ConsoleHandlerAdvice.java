package io.nvrx.agent.instrument.jboss;

import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.ConsoleTargets;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Inlined at the start of {@code WriterHandler.doPublish(ExtLogRecord)}. For a ConsoleHandler it
 * routes the record (message formatted in the record's own style, without the handler's
 * formatter) to the handler's stream and skips the handler's write. Object parameters: see the
 * JUL ConsoleHandlerAdvice.
 */
public final class ConsoleHandlerAdvice {
    private ConsoleHandlerAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.This Object handler, @Advice.Argument(0) Object record) {
        if (!(handler instanceof ConsoleHandler) || !Router.active()) {
            return false;
        }
        ExtLogRecord r = (ExtLogRecord) record;
        return ConsoleRouting.route(record, FrameworkLevels.fromJboss(r.getLevel().intValue()), r.getLoggerName(),
                r.getThreadName(), r.getMillis(), r.getFormattedMessage(), r.getThrown(),
                ConsoleTargets.streamOf(handler));
    }
}
