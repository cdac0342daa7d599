package io.nvrx.agent.instrument.jboss;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.MethodHook;

import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * JBoss LogManager 2.x and 3.x, as the JUL manager ({@code -Djava.util.logging.manager=
 * org.jboss.logmanager.LogManager}), whether the app logs through JUL, JBoss Logging or
 * JBoss LogManager's own API:
 * <ul>
 * <li>{@code Logger.logRaw(ExtLogRecord)}: where every record enters the handlers; the
 *     dispatch scope and route-all ({@link LoggerLogRawAdvice});</li>
 * <li>{@code handlers.WriterHandler.doPublish(ExtLogRecord)}, for ConsoleHandlers only: called
 *     by {@code ExtHandler.publish} after the handler's level and filter
 *     ({@link ConsoleHandlerAdvice});</li>
 * <li>{@code handlers.ConsoleHandler}'s constructors and {@code setTarget}: which stream the
 *     handler writes to, which it offers no getter for ({@link ConsoleTargetAdvice});</li>
 * <li>{@code handlers.AsyncHandler.doPublish(ExtLogRecord)}: the record is queued for the
 *     handler's thread ({@link AsyncHandlerAdvice}).</li>
 * </ul>
 */
public final class JbossHooks {
    private static final String LOGGER = "org.jboss.logmanager.Logger";
    private static final String WRITER_HANDLER = "org.jboss.logmanager.handlers.WriterHandler";
    private static final String ASYNC_HANDLER = "org.jboss.logmanager.handlers.AsyncHandler";
    private static final String EXT_LOG_RECORD = "org.jboss.logmanager.ExtLogRecord";
    private static final String CONSOLE_HANDLER = "org.jboss.logmanager.handlers.ConsoleHandler";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = LOGGER + "," + WRITER_HANDLER + "," + CONSOLE_HANDLER + "," + ASYNC_HANDLER;

    public List<Hook> hooks() {
        return Arrays.asList(
                new MethodHook(LOGGER,
                        () -> named("logRaw").and(takesArguments(1)).and(takesArgument(0, named(EXT_LOG_RECORD))),
                        LoggerLogRawAdvice.class),
                new MethodHook(WRITER_HANDLER,
                        () -> named("doPublish").and(takesArguments(1)).and(takesArgument(0, named(EXT_LOG_RECORD))),
                        ConsoleHandlerAdvice.class),
                new MethodHook(CONSOLE_HANDLER,
                        () -> isConstructor().or(named("setTarget")).and(takesArgument(0, named(CONSOLE_HANDLER + "$Target"))),
                        ConsoleTargetAdvice.class),
                new MethodHook(ASYNC_HANDLER,
                        () -> named("doPublish").and(takesArguments(1)).and(takesArgument(0, named(EXT_LOG_RECORD))),
                        AsyncHandlerAdvice.class));
    }
}
