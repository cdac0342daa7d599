package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** java.util.logging FileHandler with SimpleFormatter (the console handler removed); no agent. */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JulFileBench extends JulContender {
    private java.util.logging.FileHandler handler;

    @Override
    protected void configure(java.util.logging.Logger logger) throws Exception {
        logger.setUseParentHandlers(false);
        handler = new java.util.logging.FileHandler(LogCall.outDir().resolve("jul-file.log").toString());
        handler.setFormatter(new java.util.logging.SimpleFormatter());
        logger.addHandler(handler);
    }

    @Override
    public void tearDown() {
        handler.close();
    }
}
