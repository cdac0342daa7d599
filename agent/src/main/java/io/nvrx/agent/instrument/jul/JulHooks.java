package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.Hook;

import java.util.Arrays;
import java.util.List;

/**
 * java.util.logging: the console handler's publish, the dispatch of every record
 * ({@code Logger.log(LogRecord)}), and the creation of the {@code nvrx} logger.
 */
public final class JulHooks {
    static final String CONSOLE_HANDLER = "java.util.logging.ConsoleHandler";
    static final String LOGGER = "java.util.logging.Logger";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = CONSOLE_HANDLER + "," + LOGGER;

    public List<Hook> hooks() {
        return Arrays.asList(new ConsoleHandlerInstrumentation(), new NvrxLoggerInstrumentation(), new LoggerLogInstrumentation());
    }
}
