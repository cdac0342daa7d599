package io.nvrx.bench.logcall;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Logback FileAppender (synchronous); no agent. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlogback.configurationFile=bench/logback-file.xml"})
public class LogbackFileBench {
    private org.slf4j.Logger logger;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        logger = org.slf4j.LoggerFactory.getLogger("bench.logback");
    }

    @Benchmark
    public void logCall() {
        logger.info(LogCall.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
    }
}
