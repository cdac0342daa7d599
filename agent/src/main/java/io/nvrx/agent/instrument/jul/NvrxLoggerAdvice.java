package io.nvrx.agent.instrument.jul;

import io.nvrx.bootstrap.jul.NvrxLoggerSetup;
import net.bytebuddy.asm.Advice;

import java.util.logging.Logger;

/**
 * Inlined at the exit of {@code Logger.getLogger}: the logger named {@code nvrx} is configured
 * as upstream's setup_logger would, the first time anyone asks for it.
 */
public final class NvrxLoggerAdvice {
    private NvrxLoggerAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return Object logger) {
        NvrxLoggerSetup.onLoggerCreated((Logger) logger);
    }
}
