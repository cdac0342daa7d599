package io.nvrx.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nvrx.it.apps.JulApp;
import io.nvrx.it.support.AgentJarTool;
import io.nvrx.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** NVRX_LOG_FORMAT=json in regular mode, in a real child JVM, and the tools reading it. */
class JsonFormatTest {
    static List<JsonObject> records(List<String> lines) {
        List<JsonObject> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                out.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return out;
    }

    static JsonObject record(List<JsonObject> records, String message) {
        return records.stream().filter(r -> r.get("message").getAsString().equals(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no record '" + message + "' in " + records));
    }

    @Test
    void everyConsoleRecordIsOneJsonObject(@TempDir Path dir) throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).args("3")
                .env("NVRX_LOG_FORMAT", "json").env("RANK", "3").env("LOCAL_RANK", "1").env("SLURM_PROCID", "7")
                .env("NVRX_NODE_ID", "node\"001").run();
        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        Map<String, String> sites = JulAndStderrTest.expectedSites(result);
        List<String> err = result.stderrLines();
        // Nothing on stderr but JSON objects, one per line: stack traces are inside them.
        assertThat(err).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        List<JsonObject> records = records(err);
        // A stack trace printed to System.err is text, not a throwable: its lines stay in the message.
        assertThat(records).extracting(r -> r.get("message").getAsString().split("\n")[0]).containsExactly(
                "Training started", "GPU memory usage high", "Rank 0 failed", "parameter 42 formatted", "nvrx info",
                "plain stderr line", "java.lang.RuntimeException: printed");
        assertThat(records.get(6).get("message").getAsString())
                .startsWith("java.lang.RuntimeException: printed\n\tat io.nvrx.it.apps.JulApp.main(JulApp.java:");
        for (JsonObject r : records) {
            String message = r.get("message").getAsString().split("\n")[0];
            assertThat(r.get("node").getAsString()).isEqualTo("node\"001");
            assertThat(r.get("rank").getAsInt()).isEqualTo(3);
            assertThat(r.get("local_rank").getAsInt()).isEqualTo(1);
            assertThat(r.get("infra_rank").getAsInt()).isEqualTo(7);
            assertThat(r.get("infra_local_rank").isJsonNull()).isTrue();
            assertThat(r.get("file").getAsString() + ":" + r.get("line").getAsInt()).as(message)
                    .isEqualTo(sites.get(message));
            assertThat(r.get("thread").getAsString()).isEqualTo("main");
            OffsetDateTime time = OffsetDateTime.parse(r.get("time").getAsString());
            assertThat(time.toInstant()).isBetween(java.time.Instant.now().minusSeconds(120), java.time.Instant.now());
        }
        JsonObject failed = record(records, "Rank 0 failed");
        assertThat(failed.get("level").getAsString()).isEqualTo("ERROR");
        assertThat(failed.get("logger").getAsString()).isEqualTo("app.jul");
        assertThat(failed.get("stack_trace").getAsString()).startsWith("java.lang.IllegalStateException: boom\n\tat "
                + "io.nvrx.it.apps.JulApp.main(JulApp.java:");
        assertThat(record(records, "plain stderr line").get("logger").getAsString()).isEqualTo("stderr");
        assertThat(record(records, "Training started").has("stack_trace")).isFalse();

        // The tools read what the agent wrote: merge filters JSON records, triage finds the first error.
        Path log = dir.resolve("node.jsonl");
        Files.write(log, err);
        ChildJvm.Result merged = AgentJarTool.run(Map.of(), 60, List.of("merge", "--level", "ERROR", log.toString()));
        assertThat(records(merged.stdoutLines())).extracting(r -> r.get("message").getAsString())
                .containsExactly("Rank 0 failed", records.get(6).get("message").getAsString());
        ChildJvm.Result triage = AgentJarTool.run(Map.of(), 60, List.of("triage", log.toString()));
        assertThat(triage.stdout).contains("First error: rank 3 on node\"001").contains("[ERROR] JulApp.java:")
                .contains("java.lang.IllegalStateException: boom");
    }

    @Test
    void anUnknownFormatWarnsAndKeepsText() throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).env("NVRX_LOG_FORMAT", "xml").run();
        assertThat(result.stderrLines()).contains("nvrx-agent: NVRX_LOG_FORMAT=xml is not text or json; using text");
        assertThat(io.nvrx.it.support.NvrxLine.all(result.stderrLines())).extracting(l -> l.message)
                .contains("Training started");
    }
}
