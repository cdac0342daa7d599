package io.nvrx.agent.spool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A daemon thread that keeps the next spool file of a {@link SpoolWriter} ready: a new file
 * created, zero-filled and mapped, or a delivered file cleared for its next generation. Either
 * costs milliseconds for a big file (a 64 MB file is 64 MB written); done here, rotation on an
 * app thread is a pointer swap. What to prepare, and all bookkeeping, is the writer's
 * ({@link SpoolWriter#prepareStep}); this class only runs the steps and sleeps between them.
 */
final class SparePreparer {
    /** A step's answer: nothing to do until {@link #wake()}. */
    static final long UNTIL_WOKEN = Long.MAX_VALUE;
    /** A step's answer: never again (the writer is closed, or preparing failed). */
    static final long STOP = -1;

    private final SpoolWriter writer;
    private final Thread thread;
    /** Held while a step runs, so that closing can wait for one in progress. */
    private final ReentrantLock busy = new ReentrantLock();

    SparePreparer(SpoolWriter writer) {
        this.writer = writer;
        this.thread = new Thread(this::run, "nvrx-spool-prepare");
        thread.setDaemon(true); // never keeps the app's JVM alive
    }

    void start() {
        thread.start();
    }

    /** A rotation took the spare (or found none): prepare the next one. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (true) {
            long pause;
            busy.lock();
            try {
                pause = writer.prepareStep();
            } catch (Throwable unexpected) {
                pause = STOP; // the writer creates files itself from now on, as without this thread
            } finally {
                busy.unlock();
            }
            if (pause == STOP) {
                return;
            }
            if (pause == UNTIL_WOKEN) {
                LockSupport.park(this);
            } else if (pause > 0) {
                LockSupport.parkNanos(this, pause);
            }
        }
    }

    /** Waits, at most {@code millis}, for a step in progress to end (so no half-made file is left at exit). */
    void awaitIdle(long millis) {
        wake();
        try {
            if (busy.tryLock(millis, TimeUnit.MILLISECONDS)) {
                busy.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
