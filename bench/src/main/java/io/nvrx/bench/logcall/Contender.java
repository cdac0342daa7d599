package io.nvrx.bench.logcall;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every contender measures and how: sampled call times (p50/p99/p99.9) and the average,
 * the same warm-up and measurement. A contender class only says, in its {@code @Fork}, which
 * JVM flags set its logging up (agent or not, configuration file); JMH applies these
 * annotations and runs the {@code @Benchmark} method inherited from the framework's base class.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public abstract class Contender {
}
