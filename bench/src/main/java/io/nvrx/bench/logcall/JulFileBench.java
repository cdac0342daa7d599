package io.nvrx.bench.logcall;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** java.util.logging FileHandler with SimpleFormatter (the console handler removed); no agent. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JulFileBench {
    private java.util.logging.Logger logger;
    private java.util.logging.FileHandler handler;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        logger = java.util.logging.Logger.getLogger("bench.jul.file");
        logger.setUseParentHandlers(false);
        handler = new java.util.logging.FileHandler(LogCall.outDir().resolve("jul-file.log").toString());
        handler.setFormatter(new java.util.logging.SimpleFormatter());
        logger.addHandler(handler);
    }

    @Benchmark
    public void logCall() {
        logger.info(LogCall.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        handler.close();
    }
}
