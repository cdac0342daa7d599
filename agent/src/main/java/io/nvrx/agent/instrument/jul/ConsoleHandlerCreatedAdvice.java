package io.nvrx.agent.instrument.jul;

import io.nvrx.bootstrap.jul.JulRouting;
import net.bytebuddy.asm.Advice;

import java.util.logging.Handler;

/**
 * Inlined at the end of {@code java.util.logging.ConsoleHandler}'s constructor, which has just
 * taken {@code System.err} as its stream: a handler made while the app had put its own stream
 * there keeps writing to it, unrouted (see {@link JulRouting#consoleHandlerCreated}). Object
 * parameter: see {@link ConsoleHandlerAdvice}.
 */
public final class ConsoleHandlerCreatedAdvice {
    private ConsoleHandlerCreatedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object handler) {
        JulRouting.consoleHandlerCreated((Handler) handler);
    }
}
