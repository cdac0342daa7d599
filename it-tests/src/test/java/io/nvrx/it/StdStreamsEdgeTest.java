package io.nvrx.it;

import io.nvrx.it.apps.StdStreamsEdgeApp;
import io.nvrx.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The program's own standard-stream output, byte for byte, whatever happens to the agent. */
class StdStreamsEdgeTest {
    @TempDir
    Path dir;

    private byte[] stderrBytes(ChildJvm jvm, String name) throws Exception {
        Path err = dir.resolve(name);
        ProcessBuilder builder = jvm.processBuilder().redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readAllBytes(err);
    }

    /** The bytes without the agent's own warning lines ("nvrx-agent: ..."). */
    private static byte[] withoutAgentWarnings(byte[] bytes) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = Math.min(bytes.length, i + 1);
                String line = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
                if (!line.startsWith("nvrx-agent:")) {
                    kept.write(bytes, start, end - start);
                }
                start = end;
            }
        }
        return kept.toByteArray();
    }

    @Test
    void onceTheAgentHasSwitchedOffStderrIsPassedOnByteForByte() throws Exception {
        // The first line routed fails inside the agent (a test fault): the agent switches off,
        // and from then on the program's output must be exactly what it printed: bytes that are
        // not text, a carriage return, a last line without a line break. They used to be decoded
        // and encoded again (U+FFFD for each invalid byte), the \r dropped and a \n added.
        byte[] with = stderrBytes(ChildJvm.app(StdStreamsEdgeApp.class).args("bytes").env("NVRX_FAULT", "sink"), "with.err");
        byte[] without = stderrBytes(ChildJvm.app(StdStreamsEdgeApp.class).withoutAgent().args("bytes"), "without.err");
        assertThat(new String(with, StandardCharsets.ISO_8859_1)).contains("nvrx-agent:"); // it did switch off
        assertThat(withoutAgentWarnings(with)).isEqualTo(without);
    }

    @Test
    void checkErrorSeesAClosedStderrAsWithoutTheAgent() throws Exception {
        List<String> results = new ArrayList<>();
        for (ChildJvm jvm : List.of(ChildJvm.app(StdStreamsEdgeApp.class).args("checkerror"),
                ChildJvm.app(StdStreamsEdgeApp.class).withoutAgent().args("checkerror"))) {
            List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" 2>&-", "sh"));
            command.addAll(jvm.command());
            ProcessBuilder builder = jvm.processBuilder().command(command);
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            results.add(stdout);
        }
        assertThat(results.get(1)).isEqualTo("checkError=true");
        assertThat(results.get(0)).as("with the agent").isEqualTo(results.get(1));
    }
}
