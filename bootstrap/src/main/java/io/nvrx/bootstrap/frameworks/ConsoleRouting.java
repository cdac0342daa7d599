package io.nvrx.bootstrap.frameworks;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.ThreadState;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the hooks of Log4j 2, Logback, Log4j 1, JBoss LogManager, slf4j-simple (and JUL) call.
 * JDK types only: the advice inlined into each framework extracts level, logger, message and
 * throwable with the framework's own types and hands them over here.
 *
 * <p>Three kinds of hook use it:
 * <ol>
 * <li>dispatch hooks, where an event enters a framework ({@link #enterDispatch} /
 *     {@link #exitDispatch}), which delimit one logical event per thread (see
 *     {@link DispatchScope}) and, with the route-all option, route every event at or above a
 *     level whatever its appenders ({@link #routeAll});</li>
 * <li>console hooks, after a console appender's own level and filters ({@link #route}); a true
 *     answer means the framework's console copy must be skipped;</li>
 * <li>async hand-off hooks, where an event is queued for another thread ({@link #handOff}),
 *     which keep the caller's file:line and the exactly-once claim for the worker thread.</li>
 * </ol>
 * Nothing here throws; when the agent is off every method is one volatile read.
 */
public final class ConsoleRouting {
    /** Levels at or above this are routed at the dispatch whatever the appenders; MAX_VALUE is off. */
    private static volatile int routeAllFrom = Integer.MAX_VALUE;

    private ConsoleRouting() {}

    /** The route-all option (NVRX_ROUTE_ALL_LEVEL): a {@link io.nvrx.bootstrap.Levels} value, or MAX_VALUE for off. */
    public static void routeAllAtOrAbove(int level) {
        routeAllFrom = level;
    }

    /**
     * An event enters a framework's dispatch on this thread. Returns true if the scope was
     * entered, in which case the hook must call {@link #exitDispatch} when the dispatch ends.
     */
    public static boolean enterDispatch() {
        if (!Router.active()) {
            return false;
        }
        DispatchScope scope = ThreadState.get().dispatch();
        if (scope.depth++ == 0) {
            scope.reset();
        }
        return true;
    }

    public static void exitDispatch() {
        DispatchScope scope = ThreadState.get().dispatch();
        if (scope.depth > 0 && --scope.depth == 0) {
            scope.reset(); // keeps no event or message alive between log calls
        }
    }

    /** True if the route-all option takes events of this level: the hook then calls {@link #routeAll}. */
    /**
     * Lends this thread's text buffer (cleared) so that a hook can render a framework's message
     * into it instead of allocating a String per call; null while it is already lent (a log
     * call made while rendering a message). The hook must call {@link #returnText} in a finally.
     * The buffer is only valid until the route call returns.
     */
    public static StringBuilder borrowText() {
        return ThreadState.get().dispatch().lendText();
    }

    public static void returnText() {
        ThreadState.get().dispatch().returnText();
    }

    public static boolean routesAll(int level) {
        return level >= routeAllFrom;
    }

    /**
     * Routes an event where it enters the outermost framework, whatever its appenders (the
     * route-all option). Its console copies in this scope, and on async workers, are then
     * suppressed as duplicates. Records of this option go to standard error (or to stdout with
     * NVRX_LOG_TO_STDOUT), as NVRx records do.
     */
    public static void routeAll(Object event, int level, String loggerName, String threadName, long epochMillis,
                                CharSequence message, Throwable thrown) {
        if (!Router.active() || level < routeAllFrom) {
            return;
        }
        ThreadState state = ThreadState.get();
        if (state.busy() || state.dispatch().depth != 1) {
            return;
        }
        route(event, level, loggerName, threadName, epochMillis, message, thrown, RecordSink.STDERR);
    }

    /**
     * Routes an event that a console appender (handler) accepted and was about to print.
     *
     * @param event  the framework's event object: its identity tells siblings and hand-offs apart
     * @param stream {@link RecordSink#STDOUT} or {@link RecordSink#STDERR}: where that console writes
     * @return true if the framework must not print its console copy: the event was routed now,
     *         or it had been already (a sibling sink, a bridge, the other side of an async queue)
     */
    public static boolean route(Object event, int level, String loggerName, String threadName, long epochMillis,
                                CharSequence message, Throwable thrown, int stream) {
        if (!Router.active()) {
            return false;
        }
        io.nvrx.bootstrap.Faults.fail(io.nvrx.bootstrap.Faults.HOOK, "a logging framework's console hook");
        ThreadState state = ThreadState.get();
        if (state.busy()) {
            return false; // the agent's own code is logging: let the framework print it plainly
        }
        DispatchScope scope = state.dispatch();
        boolean inDispatch = scope.inDispatch();
        if (inDispatch && event != null && event == scope.routedEvent) {
            return true; // a sibling console sink, or additivity, of an event already routed
        }
        if (inDispatch && scope.isBridgeCopy(message)) {
            return true; // a bridge re-created the event that was routed in this dispatch
        }
        String callSite = null;
        HandOffs.Entry queued = HandOffs.find(event);
        if (queued != null) {
            if (!queued.claim.compareAndSet(false, true)) {
                return true; // routed on the other side of the async queue
            }
            callSite = queued.callSite;
        } else if (inDispatch && scope.pendingClaim != null && !scope.pendingClaim.compareAndSet(false, true)) {
            return true; // an async worker already routed this scope's event
        }
        boolean routed = Router.route(state, level, loggerName, threadName, epochMillis, message, thrown, callSite, stream);
        if (routed && inDispatch) {
            scope.routed(event, message);
        }
        return routed;
    }

    /**
     * An async appender queues {@code queued} for its worker thread. Called on the logging
     * thread, after the appender's own filters.
     */
    public static void handOff(Object queued) {
        handOff(queued, false);
    }

    /**
     * Like {@link #handOff}, for event objects the framework reuses (Log4j 2's ring buffer
     * slots): an earlier entry for the same object belongs to an event already printed.
     */
    public static void handOffReused(Object queued) {
        handOff(queued, true);
    }

    private static void handOff(Object queued, boolean reused) {
        if (!Router.active() || queued == null) {
            return;
        }
        ThreadState state = ThreadState.get();
        if (state.busy()) {
            return;
        }
        if (!reused && HandOffs.find(queued) != null) {
            return; // a second async stage: the first hand-off knows the caller
        }
        DispatchScope scope = state.dispatch();
        AtomicBoolean claim;
        if (!scope.inDispatch()) {
            claim = new AtomicBoolean(false);
        } else if (scope.routedAnything()) {
            claim = new AtomicBoolean(true); // already routed on this thread: the worker stays quiet
        } else {
            if (scope.pendingClaim == null) {
                scope.pendingClaim = new AtomicBoolean(false);
            }
            claim = scope.pendingClaim;
        }
        HandOffs.put(queued, Router.callSiteHere(), claim);
    }
}
