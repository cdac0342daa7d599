package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.Hook;

import java.util.Arrays;
import java.util.List;

/**
 * java.util.logging: the console handler's publish and its construction (which stream it
 * took), the dispatch of every record ({@code Logger.log(LogRecord)}), and the creation of the
 * {@code nvrx} logger.
 */
public final class JulHooks {
    private JulHooks() {}

    public static List<Hook> hooks() {
        return Arrays.asList(new ConsoleHandlerInstrumentation(),
                new ConsoleHandlerCreatedInstrumentation(),
                new NvrxLoggerInstrumentation(), new LoggerLogInstrumentation());
    }
}
