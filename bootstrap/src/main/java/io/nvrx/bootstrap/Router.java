package io.nvrx.bootstrap;

/**
 * The one entry point every hook calls. JDK types only, so that advice inlined into any
 * class, in any class loader or module, can call it.
 *
 * <p>A hook asks {@link #route}; {@code true} means the record was taken and the hook
 * suppresses the framework's own console copy, {@code false} means the framework goes on as if
 * the agent were absent (agent off, re-entry, or a failure inside the agent). Nothing thrown
 * inside the agent ever reaches the application.
 */
public final class Router {
    private static volatile RecordSink sink;
    /** Streams (bit 1 stdout, bit 2 stderr) that a parent process reads: records for them are left alone. */
    private static volatile int parentReadStreams;

    private Router() {}

    /** Turns routing on (the agent's start-up) or off (null). */
    public static void install(RecordSink newSink) {
        sink = newSink;
    }

    /**
     * In a child JVM whose parent reads its stdout or stderr through a pipe: records bound for
     * those streams print exactly as without the agent. Takes {@link RecordSink#STDOUT} | {@link RecordSink#STDERR}.
     */
    public static void leaveAlone(int streams) {
        parentReadStreams = streams;
    }

    /** The streams ({@link RecordSink#STDOUT} | {@link RecordSink#STDERR}) that this process's parent reads. */
    public static int parentReadStreams() {
        return parentReadStreams;
    }

    /** One volatile read: hooks call this first, so a switched-off agent costs nothing more. */
    public static boolean active() {
        return sink != null;
    }

    /**
     * Routes one record to the sink.
     *
     * @return true if the record was written (or counted as dropped) by the agent
     */
    public static boolean route(int level, String loggerName, String threadName, long epochMillis,
                                CharSequence message, Throwable thrown, String callSite, int stream) {
        return route(ThreadState.get(), level, loggerName, threadName, epochMillis, message, thrown, callSite, stream);
    }

    /** {@link #route}, for a caller that has this thread's state at hand (one ThreadLocal lookup less per call). */
    public static boolean route(ThreadState state, int level, String loggerName, String threadName, long epochMillis,
                                CharSequence message, Throwable thrown, String callSite, int stream) {
        RecordSink target = sink;
        if (target == null || (parentReadStreams & stream) != 0) {
            return false;
        }
        if (state.busy()) {
            return false;
        }
        state.enter();
        try {
            String site = callSite != null ? callSite : state.callSite;
            if (site == null) {
                site = target.findCallSite();
            }
            Faults.fail(Faults.SINK, "the sink");
            target.write(level, loggerName, threadName, epochMillis, message, thrown, site, stream);
            return true;
        } catch (Throwable failure) {
            disable("a log record could not be written", failure);
            return false;
        } finally {
            state.exit();
        }
    }

    /**
     * The caller's {@code File.java:45} as seen from the thread that called the logger: the call
     * site that rewritten code marked, else a stack walk; null when the agent is off. Async
     * hand-offs take it on the calling thread, because the thread that prints never knows it.
     */
    public static String callSiteHere() {
        RecordSink target = sink;
        if (target == null) {
            return null;
        }
        ThreadState state = ThreadState.get();
        if (state.callSite != null) {
            return state.callSite;
        }
        if (state.busy()) {
            return null;
        }
        state.enter();
        try {
            return target.findCallSite();
        } catch (Throwable failure) {
            return null;
        } finally {
            state.exit();
        }
    }

    /**
     * Called by every inlined hook (Byte Buddy's exception handler of the advice) when the hook
     * itself threw: the framework goes on as without the agent, and the agent switches off
     * rather than failing again, silently, at every log call.
     */
    public static void hookFailed(Throwable failure) {
        disable("a logging hook failed", failure);
    }

    /**
     * Switches the agent off for the rest of the process after a failure inside it: every
     * framework prints as if the agent were absent, and one warning says why.
     */
    public static void disable(String what, Throwable failure) {
        sink = null;
        Diagnostics.warnOnce("disabled", "nvrx-agent: " + what + " (" + failure
                + "); the agent is now off and logging goes on as without it");
    }
}
