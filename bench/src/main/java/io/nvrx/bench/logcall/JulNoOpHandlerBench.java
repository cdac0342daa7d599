package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The floor of any java.util.logging route: an enabled call (its LogRecord, Instant.now, the
 * handler walk) to a handler that does nothing; no agent. What the agent's JUL row adds on top
 * is the agent's own cost.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JulNoOpHandlerBench extends JulContender {
    @Override
    protected void configure(java.util.logging.Logger logger) {
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
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
