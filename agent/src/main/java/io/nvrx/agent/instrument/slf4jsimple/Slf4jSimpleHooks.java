package io.nvrx.agent.instrument.slf4jsimple;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.MethodHook;

import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * slf4j-simple, which formats and prints each call itself (standard error by default, or
 * standard output, or a file, as {@code org.slf4j.simpleLogger.logFile} says):
 * <ul>
 * <li>2.x: {@code org.slf4j.simple.SimpleLogger.innerHandleNormalizedLoggingCall}, reached from
 *     every logging method and the fluent API once the level is enabled ({@link SimpleLogger2Advice});</li>
 * <li>1.7: {@code org.slf4j.impl.SimpleLogger.log(int, String, Throwable)}, which checks the level
 *     itself ({@link SimpleLogger17Advice}).</li>
 * </ul>
 */
public final class Slf4jSimpleHooks {
    private static final String SIMPLE_LOGGER_2 = "org.slf4j.simple.SimpleLogger";
    private static final String SIMPLE_LOGGER_17 = "org.slf4j.impl.SimpleLogger";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = SIMPLE_LOGGER_2 + "," + SIMPLE_LOGGER_17;

    public List<Hook> hooks() {
        return Arrays.asList(
                new MethodHook(SIMPLE_LOGGER_2,
                        () -> named("innerHandleNormalizedLoggingCall").and(takesArguments(5)), SimpleLogger2Advice.class),
                new MethodHook(SIMPLE_LOGGER_17,
                        () -> named("log").and(takesArguments(3)).and(takesArgument(0, int.class))
                                .and(takesArgument(1, String.class)).and(takesArgument(2, Throwable.class)),
                        SimpleLogger17Advice.class));
    }
}
