package io.nvrx.agent.instrument.log4j1;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.MethodHook;

import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Log4j 1.2 and reload4j (same classes). log4j-over-slf4j ships classes of the same names
 * without these methods: nothing matches there, and Logback's hooks see its events.
 * <ul>
 * <li>{@code Category.callAppenders(LoggingEvent)}: the dispatch scope and route-all
 *     ({@link CategoryCallAppendersAdvice});</li>
 * <li>{@code WriterAppender.append(LoggingEvent)}, for ConsoleAppenders only: called by
 *     {@code AppenderSkeleton.doAppend} after the threshold and the filters
 *     ({@link ConsoleAppenderAdvice});</li>
 * <li>{@code AsyncAppender.append(LoggingEvent)}: the event is queued for the dispatcher thread
 *     ({@link AsyncAppenderAdvice}).</li>
 * </ul>
 */
public final class Log4j1Hooks {
    private static final String CATEGORY = "org.apache.log4j.Category";
    private static final String WRITER_APPENDER = "org.apache.log4j.WriterAppender";
    private static final String ASYNC_APPENDER = "org.apache.log4j.AsyncAppender";
    private static final String LOGGING_EVENT = "org.apache.log4j.spi.LoggingEvent";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = CATEGORY + "," + WRITER_APPENDER + "," + ASYNC_APPENDER;

    public List<Hook> hooks() {
        return Arrays.asList(
                new MethodHook(CATEGORY,
                        () -> named("callAppenders").and(takesArguments(1)).and(takesArgument(0, named(LOGGING_EVENT))),
                        CategoryCallAppendersAdvice.class),
                new MethodHook(WRITER_APPENDER,
                        () -> named("append").and(takesArguments(1)).and(takesArgument(0, named(LOGGING_EVENT))),
                        ConsoleAppenderAdvice.class),
                new MethodHook(ASYNC_APPENDER,
                        () -> named("append").and(takesArguments(1)).and(takesArgument(0, named(LOGGING_EVENT))),
                        AsyncAppenderAdvice.class));
    }
}
