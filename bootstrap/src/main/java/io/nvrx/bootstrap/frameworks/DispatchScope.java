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
    /**
     * Its message, to recognise the same event re-created by a bridge: the String itself (kept
     * only until the dispatch ends), or else a copy in a builder kept per thread (no allocation
     * per call once grown), since the message a hook passes may be a reused per-thread buffer
     * ({@link ConsoleRouting#borrowText}).
     */
    private CharSequence routedMessage;
    private StringBuilder routedMessageCopy = new StringBuilder();
    /**
     * The dispatch depth at which it was routed. A bridge copy is always met at another depth
     * (the bridge enters the other framework's dispatch inside the first); records published
     * at the same depth inside one logger call (a JUL MemoryHandler pushing its buffer) are
     * events of their own, even with the same message.
     */
    private int routedDepth;
    /** Lent to a hook to render a framework's message into without allocating; see ConsoleRouting. */
    private final StringBuilder text = new StringBuilder();
    boolean textLent;
    /** Shared with async hand-offs of this scope while nothing has been routed yet. */
    AtomicBoolean pendingClaim;
    /** Buffers grown beyond this by one large message are let go. */
    private static final int MAX_KEPT_CHARS = 16 * 1024;

    void reset() {
        routedEvent = null;
        routedMessage = null;
        if (routedMessageCopy.capacity() > MAX_KEPT_CHARS) {
            routedMessageCopy = new StringBuilder(); // one huge message must not stay pinned per thread
        }
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
        routedDepth = depth;
        if (message == null || message instanceof String) {
            routedMessage = message == null ? "null" : message; // immutable: no copy
        } else {
            routedMessageCopy.setLength(0);
            routedMessageCopy.append(message);
            routedMessage = routedMessageCopy;
        }
    }

    /** True if a bridge re-created an event of this scope that was already routed. */
    boolean isBridgeCopy(CharSequence message) {
        CharSequence routed = routedMessage;
        if (routed == null || depth == routedDepth) {
            return false;
        }
        CharSequence other = message == null ? "null" : message;
        int length = routed.length();
        if (other.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (routed.charAt(i) != other.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The per-thread text buffer, cleared, or null while it is lent (a nested log call). */
    StringBuilder lendText() {
        if (textLent) {
            return null;
        }
        textLent = true;
        text.setLength(0);
        return text;
    }

    void returnText() {
        textLent = false;
        if (text.capacity() > MAX_KEPT_CHARS) {
            text.setLength(0);
            text.trimToSize();
        }
    }
}
