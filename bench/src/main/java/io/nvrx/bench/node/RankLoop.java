package io.nvrx.bench.node;

import java.util.concurrent.locks.LockSupport;

/**
 * The logging loop of one rank of a whole-process run, whatever logger takes the records (see
 * {@link RankApp} and {@link Log4j2RankApp}). Each message carries the rank's record number and
 * System.nanoTime() at the call (CLOCK_MONOTONIC: comparable across the processes of a host),
 * padded so that a node-log line is about 100 bytes.
 * <p>With a warm-up, the rank first logs {@code warmup} records marked {@code w} (the JIT
 * compiles the path, as in any job that has run for a while), waits until the wall-clock
 * instant {@code startAt} shared by all ranks, then logs the timed records marked {@code r}.
 * <p>Arguments: {@code <count> <rate per s, 0 = as fast as possible> <start delay ms> [<warmup> <startAt epoch ms>]}
 * <p>The rank apps print {@code SLOWEST <ns>} on stdout at the end: the longest timed call.
 */
final class RankLoop {
    /** Where the records go: one call per record, from the class whose file the call site names. */
    interface Log {
        void info(String message);
    }

    private RankLoop() {}

    /**
     * Runs the loop; returns the longest time one timed call took, in nanoseconds (the time
     * in its message to the return). One more clock read per call, the same for every logger.
     */
    static long run(String[] args, Log log) throws InterruptedException {
        int count = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        long delayMillis = Long.parseLong(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        long startAt = args.length > 4 ? Long.parseLong(args[4]) : 0;
        if (delayMillis > 0) {
            Thread.sleep(delayMillis); // lets the aggregator JVM start before the timed records
        }
        for (int i = 0; i < warmup; i++) {
            log.info("w " + i + " t=" + System.nanoTime() + " x");
        }
        long wait = startAt - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        long period = rate > 0 ? 1_000_000_000L / rate : 0;
        long slowest = 0;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (period > 0) {
                long now;
                while ((now = System.nanoTime()) < next) {
                    LockSupport.parkNanos(next - now);
                }
                next += period;
            }
            long called = System.nanoTime();
            log.info("r " + i + " t=" + called + " x");
            slowest = Math.max(slowest, System.nanoTime() - called);
        }
        return slowest;
    }
}
