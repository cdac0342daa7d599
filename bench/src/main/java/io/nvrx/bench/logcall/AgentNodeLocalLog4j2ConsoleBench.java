package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Our agent, node-local mode: a Log4j 2 (synchronous logger) call whose Console appender is routed into the spool. */
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/nvrx-agent.jar", "-Xmx1g", "-Dlog4j2.configurationFile=bench/log4j2-console.xml"})
public class AgentNodeLocalLog4j2ConsoleBench extends Log4j2Contender {
}
