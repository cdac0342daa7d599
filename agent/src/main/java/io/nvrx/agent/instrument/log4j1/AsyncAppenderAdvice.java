package io.nvrx.agent.instrument.log4j1;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code org.apache.log4j.AsyncAppender.append(LoggingEvent)}, on the
 * logging thread after the AsyncAppender's threshold and filters: the caller's file:line and
 * the exactly-once claim travel with the event to the dispatcher thread.
 */
public final class AsyncAppenderAdvice {
    private AsyncAppenderAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object event) {
        ConsoleRouting.handOff(event);
    }
}
