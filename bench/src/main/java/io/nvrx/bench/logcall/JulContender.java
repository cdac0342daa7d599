package io.nvrx.bench.logcall;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** A java.util.logging call, {@code logger.log(level, MESSAGE)}, on a logger a subclass may set up. */
public abstract class JulContender extends Contender {
    private Logger logger;
    private Level level;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp() throws Exception {
        logger = Logger.getLogger(getClass().getSimpleName());
        level = level();
        configure(logger);
    }

    /** The level of the call (INFO: enabled by the JDK's default configuration). */
    protected Level level() {
        return Level.INFO;
    }

    /** Adds handlers etc.; by default the logger inherits the root's ConsoleHandler. */
    protected void configure(Logger logger) throws Exception {
    }

    @Benchmark
    public void logCall() {
        logger.log(level, LogCall.MESSAGE);
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void tearDown() throws Exception {
    }
}
