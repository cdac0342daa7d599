package io.nvrx.agent.threaddump;

import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * NVRX_THREAD_DUMP_ON_TERM=1: when the process gets SIGTERM (what SLURM, Kubernetes and
 * launchers send before killing a hung job), log a dump of every thread as one ERROR record,
 * then let the JVM's own SIGTERM handling go on (shutdown hooks, exit code 143).
 *
 * <p>Why a signal handler and not a shutdown hook: hooks also run at a normal exit and cannot
 * tell why the JVM is stopping; and they run concurrently with the agent's own exit hook,
 * which may already have closed the sink. The handler runs first, then hands the signal to
 * the handler it replaced. An application that installs its own SIGTERM handler later
 * replaces ours (its choice wins); with -Xrs the JVM does not let us handle it (one warning).
 */
public final class ThreadDumpOnTerm {
    /** Where the dump record says it comes from, in place of a File.java:line. */
    static final String CALL_SITE = "SIGTERM:0";

    private ThreadDumpOnTerm() {}

    public static void install() {
        try {
            Signal term = new Signal("TERM");
            SignalHandler[] previous = new SignalHandler[1];
            previous[0] = Signal.handle(term, signal -> {
                logDumpBounded();
                chain(previous[0], signal);
            });
        } catch (Throwable e) {
            Diagnostics.warn("nvrx-agent: NVRX_THREAD_DUMP_ON_TERM: cannot handle SIGTERM (" + e.getMessage()
                    + "); no thread dump on SIGTERM");
        }
    }

    /**
     * The dump is written by a daemon thread that this handler waits for at most
     * {@link #DUMP_WAIT_MILLIS}: with standard error blocked (a full pipe, a stuck writer holding
     * its lock) the SIGTERM would otherwise never reach the JVM's own handler, and the process
     * would not exit.
     */
    private static void logDumpBounded() {
        io.nvrx.agent.BoundedWork.run("nvrx-agent-thread-dump", ThreadDumpOnTerm::logDump, DUMP_WAIT_MILLIS);
    }

    private static final long DUMP_WAIT_MILLIS = 2000;

    private static void logDump() {
        try {
            String dump = ThreadDump.text().stripTrailing();
            Router.route(Levels.ERROR, "nvrx.threaddump", null, -1,
                    "SIGTERM received: thread dump (" + ThreadDump.count(dump) + " threads)\n" + dump, null, CALL_SITE,
                    RecordSink.STDERR);
        } catch (Throwable e) {
            Diagnostics.warn("nvrx-agent: thread dump on SIGTERM failed (" + e + ")");
        }
    }

    private static void chain(SignalHandler previous, Signal signal) {
        if (previous == SignalHandler.SIG_IGN) {
            return;
        }
        if (previous == null || previous == SignalHandler.SIG_DFL) {
            Signal.handle(signal, SignalHandler.SIG_DFL);
            Signal.raise(signal);
            return;
        }
        previous.handle(signal); // the JVM's own: starts the shutdown with exit code 143
    }
}
