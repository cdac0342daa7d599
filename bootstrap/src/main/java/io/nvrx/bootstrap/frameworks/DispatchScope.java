package io.nvrx.bootstrap.frameworks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread's view of the logical log event it is dispatching. A logger call enters a
 * framework's dispatch (JUL {@code Logger.log}, Logback {@code Logger.callAppenders}, Log4j 2
 * {@code LoggerConfig.log}, Log4j 1 {@code Category.callAppenders}, JBoss {@code Logger.logRaw});
 * a bridge (jul-to-slf4j, log4j-jul, ...) enters a second framework's dispatch inside the first.
 * Whatever reaches a console inside the outermost dispatch is one logical event, routed once:
 * <ul>
 * <li>the same event object at a second console sink (siblings, additivity) is suppressed;</li>
 * <li>another event with the same message inside the same outermost dispatch is that event
 *     re-created by a bridge, and is suppressed too;</li>
 * <li>an event handed to an async appender shares a claim with the rest of the scope, so that
 *     the worker thread and a later synchronous console sink route it once between them.</li>
 * </ul>
 * Kept per thread in {@link io.nvrx.bootstrap.ThreadState}; reset when an outermost dispatch begins.
 */
public final class DispatchScope {
    /** Nesting of framework dispatches on this thread; 0 outside any (async worker threads). */
    int depth;
    /** The framework event routed in this scope, by identity. */
    Object routedEvent;
    /** Its message, to recognise the same event re-created by a bridge. */
    String routedMessage;
    /** Shared with async hand-offs of this scope while nothing has been routed yet. */
    AtomicBoolean pendingClaim;

    void reset() {
        routedEvent = null;
        routedMessage = null;
        pendingClaim = null;
    }

    boolean inDispatch() {
        return depth > 0;
    }

    boolean routedAnything() {
        return routedEvent != null;
    }

    void routed(Object event, CharSequence message) {
        routedEvent = event;
        routedMessage = message == null ? "null" : message.toString();
    }

    /** True if a bridge re-created an event of this scope that was already routed. */
    boolean isBridgeCopy(CharSequence message) {
        String routed = routedMessage;
        return routed != null && routed.contentEquals(message == null ? "null" : message);
    }
}
