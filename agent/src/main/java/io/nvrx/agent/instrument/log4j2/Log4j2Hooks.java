package io.nvrx.agent.instrument.log4j2;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.MethodHook;

import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Log4j 2 (log4j-core 2.x):
 * <ul>
 * <li>{@code config.LoggerConfig.log(LogEvent[, predicate])}: where an event enters the
 *     configuration (on the logging thread, or on the ring buffer's thread with the all-async
 *     context selector); the dispatch scope and the route-all option ({@link LoggerConfigAdvice});</li>
 * <li>{@code appender.AbstractOutputStreamAppender.append(LogEvent)}, for ConsoleAppenders only:
 *     reached after AppenderControl applied the appender-ref level and filters and the
 *     appender's own filter ({@link ConsoleAppenderAdvice});</li>
 * <li>{@code appender.AsyncAppender.transfer(LogEvent)}: the event's copy is queued for the
 *     dispatcher thread ({@link AsyncAppenderTransferAdvice});</li>
 * <li>{@code async.RingBufferLogEvent.setValues(...)}: with {@code AsyncLoggerContextSelector},
 *     the logging thread fills a reused ring-buffer slot ({@link RingBufferSetValuesAdvice}).</li>
 * </ul>
 */
public final class Log4j2Hooks {
    private static final String LOGGER_CONFIG = "org.apache.logging.log4j.core.config.LoggerConfig";
    private static final String ABSTRACT_OUTPUT_STREAM_APPENDER = "org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender";
    private static final String ASYNC_APPENDER = "org.apache.logging.log4j.core.appender.AsyncAppender";
    private static final String RING_BUFFER_LOG_EVENT = "org.apache.logging.log4j.core.async.RingBufferLogEvent";
    private static final String LOG_EVENT = "org.apache.logging.log4j.core.LogEvent";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = LOGGER_CONFIG + "," + ABSTRACT_OUTPUT_STREAM_APPENDER + "," + ASYNC_APPENDER + "," + RING_BUFFER_LOG_EVENT;

    public List<Hook> hooks() {
        return Arrays.asList(
                new MethodHook(LOGGER_CONFIG,
                        () -> named("log").and(takesArgument(0, named(LOG_EVENT))), LoggerConfigAdvice.class),
                new MethodHook(ABSTRACT_OUTPUT_STREAM_APPENDER,
                        () -> named("append").and(takesArguments(1)).and(takesArgument(0, named(LOG_EVENT))),
                        ConsoleAppenderAdvice.class),
                new MethodHook(ASYNC_APPENDER,
                        () -> named("transfer").and(takesArguments(1)), AsyncAppenderTransferAdvice.class),
                new MethodHook(RING_BUFFER_LOG_EVENT,
                        () -> named("setValues"), RingBufferSetValuesAdvice.class));
    }
}
