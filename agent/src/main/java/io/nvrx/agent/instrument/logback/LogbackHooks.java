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
    private LogbackHooks() {}

    public static List<Hook> hooks() {
        return Arrays.asList(
                new MethodHook("ch.qos.logback.classic.Logger",
                        () -> named("callAppenders").and(takesArguments(1)), LoggerCallAppendersAdvice.class),
                new MethodHook("ch.qos.logback.core.OutputStreamAppender",
                        () -> named("subAppend").and(takesArguments(1)), ConsoleAppenderAdvice.class),
                new MethodHook("ch.qos.logback.core.AsyncAppenderBase",
                        () -> named("append").and(takesArguments(1)), AsyncAppendAdvice.class));
    }
}
