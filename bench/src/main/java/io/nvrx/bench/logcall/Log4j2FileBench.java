package io.nvrx.bench.logcall;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Log4j 2 synchronous logger with a (synchronous) File appender; no agent. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlog4j2.configurationFile=bench/log4j2-file.xml"})
public class Log4j2FileBench {
    private org.apache.logging.log4j.Logger logger;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        logger = org.apache.logging.log4j.LogManager.getLogger("bench.log4j2");
    }

    @Benchmark
    public void logCall() {
        logger.info(LogCall.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        org.apache.logging.log4j.LogManager.shutdown();
    }
}
