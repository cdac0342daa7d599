package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Our agent loaded (node-local mode): a java.util.logging call at a disabled level (FINE; the logger is at INFO). */
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/nvrx-agent.jar", "-Xmx1g"})
public class AgentDisabledLevelBench extends JulContender {
    @Override
    protected java.util.logging.Level level() {
        return java.util.logging.Level.FINE;
    }
}
