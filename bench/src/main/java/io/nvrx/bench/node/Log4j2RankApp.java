package io.nvrx.bench.node;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One rank of the baseline run ({@link AsyncBaseline}): no agent; logs through Log4j 2
 * all-async into its own RandomAccessFile (bench/log4j2-async-raf.xml, under BENCH_OUT_DIR),
 * with {@link RankLoop}'s loop. Once Log4j 2 has shut down (its queue drained, the file
 * flushed), prints {@code DONE <System.nanoTime()>} on stdout.
 */
public final class Log4j2RankApp {
    private Log4j2RankApp() {}

    public static void main(String[] args) throws Exception {
        Logger logger = LogManager.getLogger("bench.rank");
        long slowest = RankLoop.run(args, logger::info);
        LogManager.shutdown();
        System.out.println("DONE " + System.nanoTime());
        System.out.println("SLOWEST " + slowest);
    }
}
