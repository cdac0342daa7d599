package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The floor of any java.util.logging route: an enabled call (its LogRecord, Instant.now, the
 * walk up to the root logger's handlers, as in the agent's JUL row) to a root handler that does
 * nothing, in place of the JDK's ConsoleHandler; no agent. What the agent's JUL row adds on top
 * is the agent's own cost.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JulNoOpHandlerBench extends JulContender {
    @Override
    protected void configure(java.util.logging.Logger logger) {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (Handler console : root.getHandlers()) {
            root.removeHandler(console);
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record == null) {
                    throw new IllegalStateException(); // keeps the call from being optimized away
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}
