package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.HookSet;

import java.util.Arrays;
import java.util.List;

/**
 * java.util.logging: the console handler's publish, the dispatch of every record
 * ({@code Logger.log(LogRecord)}), and the creation of the {@code nvrx} logger.
 */
public final class JulHooks implements HookSet {
    static final String CONSOLE_HANDLER = "java.util.logging.ConsoleHandler";
    static final String LOGGER = "java.util.logging.Logger";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class.
     */
    public static final String CLASSES = CONSOLE_HANDLER + "," + LOGGER;

    @Override
    public String[] targetClasses() {
        return CLASSES.split(",");
    }

    @Override
    public List<Hook> hooks() {
        return Arrays.asList(new ConsoleHandlerInstrumentation(), new NvrxLoggerInstrumentation(), new LoggerLogInstrumentation());
    }
}
