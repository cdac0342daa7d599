package io.nvrx.it.apps;

import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * A rank of a test job for node-local mode: logs numbered records through java.util.logging,
 * {@code <tag>rank <RANK> seq <i>} (with {@code --threads}, {@code ... thread <t> seq <i>}).
 * Knows nothing of the agent.
 * <pre>
 *   SpoolApp &lt;count&gt; [--pause-us N] [--announce] [--threads T] [--big-every K] [--pause-at I MS]
 *                    [--hold-ms MS] [--hold-until FILE] [--wait-at I FILE] [--error-at I] [--tag TEXT] [--exit CODE]
 * </pre>
 * {@code --error-at I} logs one SEVERE record with a stack trace, {@code <tag>rank <RANK> failed at seq <i>},
 * right after record I. {@code --hold-until FILE} waits (at most a minute) for FILE to exist before exiting;
 * {@code --wait-at I FILE} does the same right after record I.
 * {@code --announce} prints {@code LOGGED <i>} on stdout after each log call returned, so a test
 * that kills this process knows which records must be in the node log. {@code --big-every K}
 * makes every K-th message longer than a 10 KB spool file.
 */
public final class SpoolApp {
    private static final Logger LOG = Logger.getLogger("app.spool");

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        long pauseNanos = 0;
        boolean announce = false;
        int threads = 1;
        int bigEvery = 0;
        int pauseAt = -1;
        long pauseAtMillis = 0;
        long holdMillis = 0;
        String tag = "";
        int errorAt = -1;
        java.nio.file.Path holdUntil = null;
        int waitAt = -1;
        java.nio.file.Path waitFor = null;
        int exitCode = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--pause-us": pauseNanos = Long.parseLong(args[++i]) * 1000; break;
                case "--announce": announce = true; break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--big-every": bigEvery = Integer.parseInt(args[++i]); break;
                case "--pause-at": pauseAt = Integer.parseInt(args[++i]); pauseAtMillis = Long.parseLong(args[++i]); break;
                case "--hold-ms": holdMillis = Long.parseLong(args[++i]); break;
                case "--tag": tag = args[++i]; break;
                case "--error-at": errorAt = Integer.parseInt(args[++i]); break;
                case "--hold-until": holdUntil = java.nio.file.Paths.get(args[++i]); break;
                case "--wait-at": waitAt = Integer.parseInt(args[++i]); waitFor = java.nio.file.Paths.get(args[++i]); break;
                case "--exit": exitCode = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException(args[i]);
            }
        }
        String rank = System.getenv().getOrDefault("RANK", "?");
        String big = bigEvery > 0 ? " " + "x".repeat(12_000) : "";
        if (threads == 1) {
            for (int i = 0; i < count; i++) {
                LOG.info(tag + "rank " + rank + " seq " + i + (bigEvery > 0 && i % bigEvery == bigEvery - 1 ? big : ""));
                if (announce) {
                    System.out.println("LOGGED " + i);
                    System.out.flush();
                }
                if (i == errorAt) {
                    LOG.log(java.util.logging.Level.SEVERE, tag + "rank " + rank + " failed at seq " + i,
                            new IllegalStateException("checkpoint shard missing"));
                }
                if (i == waitAt) {
                    awaitFile(waitFor);
                }
                if (i == pauseAt) {
                    Thread.sleep(pauseAtMillis);
                }
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
        } else {
            Thread[] workers = new Thread[threads];
            int perThread = count / threads;
            String prefix = tag + "rank " + rank;
            long pause = pauseNanos;
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        LOG.info(prefix + " thread " + id + " seq " + i);
                        if (pause > 0) {
                            LockSupport.parkNanos(pause);
                        }
                    }
                });
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        if (holdMillis > 0) {
            Thread.sleep(holdMillis);
        }
        if (holdUntil != null) {
            awaitFile(holdUntil);
        }
        System.out.println("DONE " + count);
        System.exit(exitCode);
    }

    private static void awaitFile(java.nio.file.Path file) throws InterruptedException {
        for (int waited = 0; !java.nio.file.Files.exists(file) && waited < 60_000; waited += 20) {
            Thread.sleep(20);
        }
    }
}
