package io.nvrx.it.apps;

import java.util.logging.Logger;

/**
 * One rank of a pretend training job, for launcher tests: logs that it started (with RANK and
 * WORLD_SIZE as it sees them), then per its arguments: {@code fail=R:CODE} makes rank R exit
 * with CODE, {@code hang=R} makes rank R sleep (until stopped); other ranks exit 0.
 */
public final class RankApp {
    private static final Logger LOG = Logger.getLogger("app.rank");

    public static void main(String[] args) throws Exception {
        String rank = System.getenv("RANK");
        LOG.info("rank " + rank + " of " + System.getenv("WORLD_SIZE") + " started");
        for (String arg : args) {
            if (arg.startsWith("fail=" + rank + ":")) {
                LOG.severe("rank " + rank + " fails");
                System.exit(Integer.parseInt(arg.substring(arg.indexOf(':') + 1)));
            }
            if (arg.equals("hang=" + rank)) {
                LOG.info("rank " + rank + " hangs");
                hang();
            }
        }
        LOG.info("rank " + rank + " done");
    }

    private static void hang() throws InterruptedException {
        Object lock = new Object();
        synchronized (lock) {
            Thread.sleep(120_000);
        }
    }
}
