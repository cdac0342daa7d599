package io.nvrx.agent.instrument.logback;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code AsyncAppenderBase.append(E)}, on the logging thread after the
 * AsyncAppender's own filters: the caller's file:line and the exactly-once claim travel with the
 * event to the worker thread, whose ConsoleAppender would otherwise know neither.
 */
public final class AsyncAppendAdvice {
    private AsyncAppendAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object event) {
        ConsoleRouting.handOff(event);
    }
}
