package io.nvrx.it.frameworks;

import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.FrameworkCase;
import io.nvrx.it.support.Records;

import java.nio.file.Files;
import java.nio.file.Path;

/** One finished child JVM of a {@link FrameworkCase}: what it printed and the log file it wrote. */
final class FrameworkRun {
    final ChildJvm.Result result;
    final Records out;
    final Records err;
    final String appLog;

    private FrameworkRun(ChildJvm.Result result, String appLog) {
        this.result = result;
        this.out = Records.of(result.stdoutLines());
        this.err = Records.of(result.stderrLines());
        this.appLog = appLog;
    }

    /** Runs the case's app with the given arguments; {@code configure} adds what this run needs. */
    static FrameworkRun of(FrameworkCase c, boolean withAgent, String javaHome,
                           java.util.function.UnaryOperator<ChildJvm> configure, String... args) throws Exception {
        Path dir = Files.createTempDirectory("nvrx-fw");
        try {
            Path appLog = dir.resolve("app.log");
            ChildJvm jvm = c.jvm(appLog).args(args).env("RANK", "3").env("LOCAL_RANK", "1")
                    .env("SLURM_PROCID", "7").env("SLURM_LOCALID", "1").env("NVRX_NODE_ID", "node001");
            if (!withAgent) {
                jvm.withoutAgent();
            }
            if (javaHome != null) {
                jvm.javaHome(javaHome);
            }
            ChildJvm.Result result = configure.apply(jvm).run();
            return new FrameworkRun(result, FrameworkCase.readOrEmpty(appLog));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    Records on(String stream) {
        return stream.equals("stdout") ? out : err;
    }

    Records other(String stream) {
        return stream.equals("stdout") ? err : out;
    }

    /** All lines of both streams. */
    java.util.List<String> allLines() {
        java.util.List<String> lines = new java.util.ArrayList<>(result.stdoutLines());
        lines.addAll(result.stderrLines());
        return lines;
    }

    @Override
    public String toString() {
        String text = result.toString();
        return text.length() > 20000 ? text.substring(0, 20000) + "\n[...]" : text;
    }
}
