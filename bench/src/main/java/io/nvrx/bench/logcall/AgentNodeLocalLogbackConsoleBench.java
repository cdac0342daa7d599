package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Our agent, node-local mode: an SLF4J call on Logback whose ConsoleAppender is routed into the spool. */
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/nvrx-agent.jar", "-Xmx1g", "-Dlogback.configurationFile=bench/logback-console.xml"})
public class AgentNodeLocalLogbackConsoleBench extends LogbackContender {
}
