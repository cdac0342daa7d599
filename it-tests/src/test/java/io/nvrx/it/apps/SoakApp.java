package io.nvrx.it.apps;

import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * A rank of the chaos soak test: until a deadline, several threads log numbered records, the
 * even ones through java.util.logging, the odd ones as System.err lines (the agent's stderr
 * route): {@code soak r=<RANK> i=<incarnation> t=<thread> s=<seq>}. After each log call returns
 * it prints {@code LOGGED <t> <s>} on stdout (an unbuffered write to a file), so the test knows
 * which records must survive a kill -9. It stops when the stop file appears (checked by a
 * watcher thread every 50 ms, not at every record). Knows nothing of the agent.
 * <pre>
 *   SoakApp &lt;stop file&gt; &lt;incarnation&gt; &lt;threads&gt; &lt;pause us&gt;
 * </pre>
 */
public final class SoakApp {
    private static final Logger LOG = Logger.getLogger("app.soak");
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        java.nio.file.Path stopFile = java.nio.file.Paths.get(args[0]);
        String incarnation = args[1];
        int threads = Integer.parseInt(args[2]);
        long pauseNanos = Long.parseLong(args[3]) * 1000;
        String rank = System.getenv().getOrDefault("RANK", "?");
        Thread watcher = new Thread(() -> {
            while (!java.nio.file.Files.exists(stopFile)) {
                LockSupport.parkNanos(50_000_000L);
            }
            stop = true;
        }, "soak-stop-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            String prefix = "soak r=" + rank + " i=" + incarnation + " t=" + t + " s=";
            int thread = t;
            workers[t] = new Thread(() -> {
                for (int s = 0; !stop; s++) {
                    if ((s & 1) == 0) {
                        LOG.info(prefix + s);
                    } else {
                        System.err.println(prefix + s);
                    }
                    synchronized (System.out) {
                        System.out.println("LOGGED " + thread + " " + s);
                        System.out.flush();
                    }
                    LockSupport.parkNanos(pauseNanos);
                }
            }, "soak-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("DONE");
    }
}
