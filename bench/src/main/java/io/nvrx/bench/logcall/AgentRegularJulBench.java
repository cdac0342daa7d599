package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Our agent, regular mode: a java.util.logging call whose ConsoleHandler is routed and written as one NVRx line to stderr, which bench/java-stderr-to-file.sh sends to a file (as a batch job's console usually is). */
@Fork(value = 1, jvm = "bench/java-stderr-to-file.sh", jvmArgsAppend = {"-javaagent:agent/target/nvrx-agent.jar", "-Xmx1g"})
public class AgentRegularJulBench extends JulContender {
}
