package io.nvrx.bench.paced;

import io.nvrx.bench.logcall.LogCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The app thread's cost of one log call at a paced rate (queues never full: the hand-off cost
 * shows, not the back-pressure). Each thread calls at a fixed rate, times every call with
 * System.nanoTime, drops the first {@code warmup} seconds and reports percentiles.
 * <p>Usage: {@code java [contender's JVM flags] -cp benchmarks.jar io.nvrx.bench.paced.PacedLoad
 * <contender> <threads> <calls/s per thread> <warmup s> <measure s> <append to file>};
 * contender is one of {@link #contenders()}, configured with the same files as the JMH benchmarks.
 */
public final class PacedLoad {
    private PacedLoad() {}

    static List<String> contenders() {
        return Arrays.asList("agent-jul", "agent-log4j2-console", "agent-logback-console", "log4j2-async", "log4j2-file",
                "logback-async", "logback-file", "jul-file");
    }

    public static void main(String[] args) throws Exception {
        String contender = args[0];
        int threads = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int warmupSeconds = Integer.parseInt(args[3]);
        int measureSeconds = Integer.parseInt(args[4]);
        Path out = Paths.get(args[5]);
        Runnable call = logCall(contender);

        long periodNanos = 1_000_000_000L / rate;
        long[][] samples = new long[threads][];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime() + 50_000_000L;
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> samples[index] = run(call, start, periodNanos, warmupSeconds, measureSeconds, rate),
                    "paced-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        double mean = Arrays.stream(all).average().orElse(0);
        String row = String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %.0f | %d | %d | %d | %d |%n",
                contender, threads, rate, all.length, mean, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all[all.length - 1]);
        Files.writeString(out, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(row);
        shutdown(contender);
    }

    /** One thread's loop: a call every period; late calls are not bunched up (no catch-up bursts). */
    private static long[] run(Runnable call, long start, long period, int warmupSeconds, int measureSeconds, int rate) {
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + measureSeconds * 1_000_000_000L;
        long[] times = new long[(int) ((long) rate * measureSeconds) + 16];
        int n = 0;
        long next = start;
        while (true) {
            long now = waitUntil(next);
            if (now >= end) {
                break;
            }
            long before = System.nanoTime();
            call.run();
            long after = System.nanoTime();
            if (before >= measureFrom && n < times.length) {
                times[n++] = after - before;
            }
            next = Math.max(next + period, after);
        }
        return Arrays.copyOf(times, n);
    }

    /** Parks for most of the wait (leaving the cores to background writers), spins the last 60 us. */
    private static long waitUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            long left = deadline - now;
            if (left > 120_000) {
                LockSupport.parkNanos(left - 80_000);
            } else {
                Thread.onSpinWait();
            }
        }
        return now;
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Runnable logCall(String contender) throws Exception {
        String message = LogCall.MESSAGE;
        switch (contender) {
            case "agent-jul": {
                java.util.logging.Logger logger = java.util.logging.Logger.getLogger("bench.jul");
                return () -> logger.info(message);
            }
            case "jul-file": {
                java.util.logging.Logger logger = java.util.logging.Logger.getLogger("bench.jul.file");
                logger.setUseParentHandlers(false);
                java.util.logging.FileHandler handler =
                        new java.util.logging.FileHandler(LogCall.outDir().resolve("jul-file.log").toString());
                handler.setFormatter(new java.util.logging.SimpleFormatter());
                logger.addHandler(handler);
                return () -> logger.info(message);
            }
            case "agent-log4j2-console":
            case "log4j2-async":
            case "log4j2-file": {
                org.apache.logging.log4j.Logger logger = org.apache.logging.log4j.LogManager.getLogger("bench.log4j2");
                return () -> logger.info(message);
            }
            case "agent-logback-console":
            case "logback-async":
            case "logback-file": {
                org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("bench.logback");
                return () -> logger.info(message);
            }
            default:
                throw new IllegalArgumentException("unknown contender " + contender + "; one of " + contenders());
        }
    }

    private static void shutdown(String contender) {
        if (contender.startsWith("log4j2") || contender.equals("agent-log4j2-console")) {
            org.apache.logging.log4j.LogManager.shutdown();
        } else if (contender.startsWith("logback") || contender.equals("agent-logback-console")) {
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
        }
    }

    static List<String> header() {
        return new ArrayList<>(List.of("contender", "threads", "calls/s per thread", "calls timed", "mean ns",
                "p50 ns", "p99 ns", "p99.9 ns", "max ns"));
    }
}
