package io.nvrx.agent.instrument.jboss;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code AsyncHandler.doPublish(ExtLogRecord)}, on the logging thread:
 * the caller's file:line and the exactly-once claim travel with the record to the handler's
 * thread.
 */
public final class AsyncHandlerAdvice {
    private AsyncHandlerAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object record) {
        ConsoleRouting.handOff(record);
    }
}
