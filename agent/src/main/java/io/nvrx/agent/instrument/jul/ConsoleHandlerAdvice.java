package io.nvrx.agent.instrument.jul;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.jul.JulRouting;
import net.bytebuddy.asm.Advice;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Inlined at the start of {@code java.util.logging.ConsoleHandler.publish}: the record is
 * routed (after the handler's own level and filter) and the handler's body is skipped, so its
 * console copy never prints. If routing is not possible the handler runs as usual.
 * Parameters are typed Object: naming a JUL type in the advice's signature would make Byte
 * Buddy resolve it while the JVM is still loading it (a ClassCircularityError).
 */
public final class ConsoleHandlerAdvice {
    private ConsoleHandlerAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.This Object handler, @Advice.Argument(0) Object record) {
        return JulRouting.publishToConsole((Handler) handler, (LogRecord) record, RecordSink.STDERR);
    }
}
