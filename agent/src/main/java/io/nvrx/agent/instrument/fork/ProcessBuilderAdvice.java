package io.nvrx.agent.instrument.fork;

import io.nvrx.bootstrap.fork.ChildArming;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of the private {@code ProcessBuilder.start(Redirect[])}, which
 * {@code start()}, {@code startPipeline} and {@code Runtime.exec} all go through: arms the
 * child's environment just before the process is created.
 */
public final class ProcessBuilderAdvice {
    private ProcessBuilderAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object builder, @Advice.Argument(0) Object[] redirects) {
        ChildArming.arm((ProcessBuilder) builder, redirects);
    }
}
