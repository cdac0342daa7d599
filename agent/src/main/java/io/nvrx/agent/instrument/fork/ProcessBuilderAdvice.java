package io.nvrx.agent.instrument.fork;

import io.nvrx.bootstrap.fork.ChildArming;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the private {@code ProcessBuilder.start(Redirect[])}, which {@code start()},
 * {@code startPipeline} and {@code Runtime.exec} all go through: arms the child's environment
 * just before the process is created, and gives the app's builder its own environment back
 * once the process is started (or failed to start).
 */
public final class ProcessBuilderAdvice {
    private ProcessBuilderAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object builder, @Advice.Argument(0) Object[] redirects) {
        return ChildArming.arm((ProcessBuilder) builder, redirects);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object builder, @Advice.Enter Object undo) {
        ChildArming.restore((ProcessBuilder) builder, undo);
    }
}
