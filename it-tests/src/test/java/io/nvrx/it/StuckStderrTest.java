package io.nvrx.it;

import io.nvrx.it.apps.StuckStderrApp;
import io.nvrx.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM whose stderr nobody reads (the pipe full, its writer blocked) still exits on SIGTERM,
 * as it does without the agent. Found in review, 2026-11-30: the agent's exit warning, and the
 * thread dump on SIGTERM, blocked on the stream's lock and the JVM never finished exiting.
 */
class StuckStderrTest {
    @TempDir
    Path dir;

    private int exitOnSigterm(ChildJvm jvm, String name) throws Exception {
        Path out = dir.resolve(name + ".out");
        // stderr into a pipe whose reader never reads (bash's process substitution), as a
        // stalled log collector would; exec keeps the JVM's pid the process's own.
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", "-c",
                "exec \"$@\" 2> >(exec sleep 120)", "bash"));
        command.addAll(jvm.command());
        Process process = jvm.processBuilder().command(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("READY") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // the pipe fills, the writer blocks
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + ": exited after SIGTERM").isTrue();
            assertThat(Files.readString(out)).as(name).contains("APP HOOK RAN");
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aJvmWhoseStderrIsBlockedStillExitsOnSigterm() throws Exception {
        int without = exitOnSigterm(ChildJvm.app(StuckStderrApp.class).withoutAgent(), "without");
        assertThat(exitOnSigterm(ChildJvm.app(StuckStderrApp.class), "with")).isEqualTo(without);
        assertThat(exitOnSigterm(ChildJvm.app(StuckStderrApp.class).env("NVRX_THREAD_DUMP_ON_TERM", "1"), "dump"))
                .isEqualTo(without);
    }
}
