package io.nvrx.bench.logcall;

import ch.qos.logback.classic.LoggerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An SLF4J call on Logback, {@code logger.info(MESSAGE)}; the subclass's {@code @Fork} names the configuration. */
public abstract class LogbackContender extends Contender {
    private Logger logger;

    @Setup(Level.Trial)
    public void setUp() {
        logger = LoggerFactory.getLogger("bench.logback");
    }

    @Benchmark
    public void logCall() {
        logger.info(LogCall.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
