package io.nvrx.agent.instrument.jboss;

import io.nvrx.bootstrap.frameworks.ConsoleTargets;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of ConsoleHandler's constructors that take a target and of
 * {@code setTarget}: remembers the handler's stream (a null target means the default,
 * standard output or the terminal).
 */
public final class ConsoleTargetAdvice {
    private ConsoleTargetAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object handler, @Advice.Argument(0) Object target) {
        ConsoleTargets.remember(handler, target == null ? null : ((Enum<?>) target).name());
    }
}
