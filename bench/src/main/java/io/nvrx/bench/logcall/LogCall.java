package io.nvrx.bench.logcall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What every log-call benchmark shares: the one message (a constant, no parameters, so every
 * contender does the same work) and the directory its output goes to.
 */
public final class LogCall {
    /** About 60 bytes: with the NVRx header the node-log line is about 140 bytes. */
    public static final String MESSAGE = "step 1234 loss 0.4321 lr 0.0001 tokens/s 123456 batch done";

    private LogCall() {}

    /**
     * Where file appenders write: {@code BENCH_OUT_DIR} (bench/run.sh sets it to a fresh temp
     * dir; JMH forks inherit the environment), else the system temp dir.
     */
    public static Path outDir() {
        String dir = System.getenv("BENCH_OUT_DIR");
        Path path = Paths.get(dir != null && !dir.isEmpty() ? dir : System.getProperty("java.io.tmpdir"));
        try {
            Files.createDirectories(path);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + path, e);
        }
        return path;
    }
}
