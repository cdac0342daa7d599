package io.nvrx.agent.instrument.log4j2;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code RingBufferLogEvent.setValues(...)}: with the all-async context
 * selector the logging thread fills a reused ring-buffer slot here, and the caller's file:line
 * travels with the slot's current event to the thread that runs the appenders.
 */
public final class RingBufferSetValuesAdvice {
    private RingBufferSetValuesAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object slot) {
        ConsoleRouting.handOffReused(slot);
    }
}
