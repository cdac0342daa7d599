package io.nvrx.bench.logcall;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Our agent, node-local mode: a java.util.logging call whose ConsoleHandler (the JDK default) is routed by the agent into the spool. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/nvrx-agent.jar", "-Xmx1g"})
public class AgentNodeLocalJulBench {
    private java.util.logging.Logger logger;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        logger = java.util.logging.Logger.getLogger("bench.jul");
    }

    @Benchmark
    public void logCall() {
        logger.info(LogCall.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {

    }
}
