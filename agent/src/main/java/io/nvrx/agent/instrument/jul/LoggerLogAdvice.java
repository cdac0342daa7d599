package io.nvrx.agent.instrument.jul;

import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.jul.JulDispatch;
import net.bytebuddy.asm.Advice;

import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Around {@code java.util.logging.Logger.log(LogRecord)}, where every JUL record enters its
 * handlers: the dispatch scope that lets a bridge (jul-to-slf4j, Log4jBridgeHandler) print the
 * record through another framework without it being routed twice. Object parameters: see
 * {@link ConsoleHandlerAdvice}.
 */
public final class LoggerLogAdvice {
    private LoggerLogAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.This Object logger, @Advice.Argument(0) Object record) {
        return JulDispatch.enter((Logger) logger, (LogRecord) record);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter boolean entered) {
        if (entered) {
            ConsoleRouting.exitDispatch();
        }
    }
}
