package io.nvrx.bench.logcall;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** A Log4j 2 call, {@code logger.info(MESSAGE)}; the subclass's {@code @Fork} names the configuration. */
public abstract class Log4j2Contender extends Contender {
    private Logger logger;

    @Setup(Level.Trial)
    public void setUp() {
        logger = LogManager.getLogger("bench.log4j2");
    }

    @Benchmark
    public void logCall() {
        logger.info(LogCall.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LogManager.shutdown();
    }
}
