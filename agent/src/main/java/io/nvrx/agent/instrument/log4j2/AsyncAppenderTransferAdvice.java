package io.nvrx.agent.instrument.log4j2;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code AsyncAppender.transfer(LogEvent)}, on the logging thread after
 * the AsyncAppender's filters: the immutable copy about to be queued carries the caller's
 * file:line and the exactly-once claim to the dispatcher thread.
 */
public final class AsyncAppenderTransferAdvice {
    private AsyncAppenderTransferAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object memento) {
        ConsoleRouting.handOff(memento);
    }
}
