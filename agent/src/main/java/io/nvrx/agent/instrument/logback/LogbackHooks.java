package io.nvrx.agent.instrument.logback;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.MethodHook;

import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Logback 1.2 to 1.5+ (logback-classic events):
 * <ul>
 * <li>{@code ch.qos.logback.classic.Logger.callAppenders}: where an event enters Logback; the
 *     dispatch scope and the route-all option ({@link LoggerCallAppendersAdvice});</li>
 * <li>{@code ch.qos.logback.core.OutputStreamAppender.subAppend}, for ConsoleAppenders only: after
 *     {@code doAppend} applied the appender's filters, where it would encode and write
 *     ({@link ConsoleAppenderAdvice});</li>
 * <li>{@code ch.qos.logback.core.AsyncAppenderBase.append}: the event is queued for the worker
 *     thread ({@link AsyncAppendAdvice}).</li>
 * </ul>
 */
public final class LogbackHooks {
    private static final String LOGGER = "ch.qos.logback.classic.Logger";
    private static final String OUTPUT_STREAM_APPENDER = "ch.qos.logback.core.OutputStreamAppender";
    private static final String ASYNC_APPENDER_BASE = "ch.qos.logback.core.AsyncAppenderBase";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = LOGGER + "," + OUTPUT_STREAM_APPENDER + "," + ASYNC_APPENDER_BASE;

    public List<Hook> hooks() {
        return Arrays.asList(
                new MethodHook(LOGGER,
                        () -> named("callAppenders").and(takesArguments(1)), LoggerCallAppendersAdvice.class),
                new MethodHook(OUTPUT_STREAM_APPENDER,
                        () -> named("subAppend").and(takesArguments(1)), ConsoleAppenderAdvice.class),
                new MethodHook(ASYNC_APPENDER_BASE,
                        () -> named("append").and(takesArguments(1)), AsyncAppendAdvice.class));
    }
}
