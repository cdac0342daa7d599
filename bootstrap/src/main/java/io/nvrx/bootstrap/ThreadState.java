package io.nvrx.bootstrap;

/**
 * Per-thread state of the routing path, found with one ThreadLocal lookup: the call-depth
 * guard that stops re-entry, the call site that rewritten application code marked just before
 * calling a logger, and the framework event under way (its {@link io.nvrx.bootstrap.frameworks.DispatchScope},
 * which routes an event that reaches several console sinks once, and holds nothing between calls).
 */
public final class ThreadState {
    private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<ThreadState>() {
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }
    };

    /** Greater than zero while this thread is inside the agent's routing code. */
    int depth;
    /** "File.java:45", set by rewritten call sites around a logger call; null otherwise. */
    String callSite;
    /** The logical event this thread is dispatching through logging frameworks (see frameworks/). */
    private final io.nvrx.bootstrap.frameworks.DispatchScope dispatch = new io.nvrx.bootstrap.frameworks.DispatchScope();

    private ThreadState() {}

    public static ThreadState get() {
        return STATE.get();
    }

    /** The framework dispatch under way on this thread: what makes bridges and siblings route once. */
    public io.nvrx.bootstrap.frameworks.DispatchScope dispatch() {
        return dispatch;
    }

    /** True while this thread is already inside the agent: hooks must let the framework act alone. */
    public boolean busy() {
        return depth > 0;
    }

    public void enter() {
        depth++;
    }

    public void exit() {
        depth--;
    }

    /** Takes the marked call site. It stays set until the rewritten code clears it after the call. */
    public String callSite() {
        return callSite;
    }
}
