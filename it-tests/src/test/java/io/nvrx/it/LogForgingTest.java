package io.nvrx.it;

import io.nvrx.it.apps.ForgeApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log forging (CWE-117), end to end: whatever a message holds (line breaks followed by a fake
 * record header of another rank, carriage returns, terminal escapes, Unicode line separators),
 * every line of the output that parses as a record header is a real record of the real rank,
 * and no control character reaches the console or the node log raw.
 */
class LogForgingTest {

    /** The aggregators these tests start outlive their ranks: let them stop before the temp dir goes. */
    @org.junit.jupiter.api.AfterEach
    void settleAggregators() throws Exception {
        io.nvrx.it.support.NodeLocalJob.settleAll();
    }

    private static void assertNothingForged(String output, int expectedRecords) {
        List<String> lines = Arrays.asList(output.split("\n", -1));
        int headers = 0;
        for (String line : lines) {
            for (char c : line.toCharArray()) {
                boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                        || c == '\u202e';
                assertThat(control).as("raw control character U+%04X in line: %s", (int) c, line).isFalse();
            }
            NvrxLine header = NvrxLine.parse(line);
            if (header != null) {
                headers++;
                assertThat(header.ranks()).as(line).isEqualTo("workload:3(0) infra:?(?)");
                assertThat(header.file).as(line).isEqualTo("ForgeApp.java");
                assertThat(header.node).as(line).isEqualTo(NodeLocalJob.NODE);
            }
            // A header-shaped continuation line is prefixed, so it never starts like a record.
            if (line.contains("Fake.java:1 forged") && header == null) {
                assertThat(line).doesNotStartWith("2024-01-15");
            }
        }
        assertThat(headers).as(output).isEqualTo(expectedRecords);
        assertThat(output).contains("Fake.java:1 forged"); // the text is kept, visibly, not dropped
    }

    private static ChildJvm forgeApp() {
        return ChildJvm.app(ForgeApp.class).jvmArg("-Xmx64m").env("RANK", "3").env("LOCAL_RANK", "0")
                .env("NVRX_NODE_ID", NodeLocalJob.NODE);
    }

    @Test
    void onTheConsoleNoLineParsesAsAnotherRecord() throws Exception {
        ChildJvm.Result result = forgeApp().run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly("DONE");
        // 6 JUL records; each System.err line is its own record: "stderr newline", the fake
        // header line, "stderr escapes ...".
        assertNothingForged(result.stderr, 9);
    }

    @Test
    void inTheNodeLogNoLineParsesAsAnotherRecord(@TempDir Path tmp) throws Exception {
        ChildJvm.Result result = forgeApp().env("NVRX_NODE_LOCAL_TMPDIR", tmp.toString())
                .env("NVRX_AGGREGATOR_GRACE_MS", "300").env("NVRX_EXIT_WAIT_MS", "20000").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.stderr).isEmpty();
        NodeLocalJob job = new NodeLocalJob(tmp);
        job.awaitAggregatorStopped(null, 30);
        assertNothingForged(Files.readString(job.nodeLog(null), StandardCharsets.UTF_8), 9);
    }
}
