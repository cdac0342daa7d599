package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Our agent, node-local mode: a java.util.logging call whose ConsoleHandler (the JDK default) is routed into the spool. */
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/nvrx-agent.jar", "-Xmx1g"})
public class AgentNodeLocalJulBench extends JulContender {
}
