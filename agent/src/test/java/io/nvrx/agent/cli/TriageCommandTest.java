package io.nvrx.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.nvrx.agent.cli.LogFiles.line;
import static io.nvrx.agent.cli.LogFiles.run;
import static io.nvrx.agent.cli.LogFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

class TriageCommandTest {
    @TempDir
    Path dir;

    @Test
    void answersWhoFailedFirstAndWhoWentSilentFirst() throws IOException {
        write(dir, "nvrx_log_n1.log",
                line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "start"),
                line("2024-01-15 10:00:00,500", "INFO", "n1", 1, "start"),
                line("2024-01-15 10:00:10,000", "ERROR", "n1", 1, "NCCL timeout"),
                "java.lang.RuntimeException: NCCL timeout",
                "\tat T.step(T.java:3)",
                line("2024-01-15 10:05:00,000", "INFO", "n1", 0, "still waiting"));
        write(dir, "nvrx_log_n2.log",
                line("2024-01-15 10:00:01,000", "INFO", "n2", 2, "start"),
                line("2024-01-15 10:00:05,000", "CRITICAL", "n2", 3, "CUDA error: illegal memory access"),
                "java.lang.IllegalStateException: CUDA",
                line("2024-01-15 10:00:06,000", "ERROR", "n2", 2, "peer 3 gone"),
                line("2024-01-15 10:04:00,000", "INFO", "n2", 2, "waiting"));
        LogFiles.Run r = run("triage", "--zone", "UTC", "--world-size", "6", dir.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("2 file(s), 8 records from 4 rank(s) on 2 node(s), 2024-01-15 10:00:00,000 to "
                + "2024-01-15 10:05:00,000 (times in UTC)");
        assertThat(r.out).contains("First error: rank 3 on n2 at 2024-01-15 10:00:05,000 (5.0 s after the first record)\n"
                + "  [CRITICAL] Trainer.java:13 CUDA error: illegal memory access\n"
                + "  java.lang.IllegalStateException: CUDA\n"
                + "  3 of 4 rank(s) logged an ERROR or CRITICAL record");
        String silent = r.out.substring(r.out.indexOf("Went silent first"), r.out.indexOf("Per rank:"));
        assertThat(silent.indexOf("rank 3")).isLessThan(silent.indexOf("rank 1"));
        assertThat(silent.indexOf("rank 1")).isLessThan(silent.indexOf("rank 2"));
        assertThat(silent.indexOf("rank 2")).isLessThan(silent.indexOf("rank 0"));
        assertThat(silent).contains("4 min 55 s before the last record").contains("(logged until the end)");
        assertThat(r.out).containsPattern("rank 1 +n1 +2 +2024-01-15 10:00:00,500 +2024-01-15 10:00:10,000 +1 +"
                + "10:00:10,000 \\[ERROR\\] Trainer.java:11 NCCL timeout");
        assertThat(r.out).contains("Ranks without any record (of 0..5, --world-size 6): 4-5");
    }

    @Test
    void reportsNoErrorsAndRespectsFilters() throws IOException {
        Path f = write(dir, "a.log",
                line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "a"),
                line("2024-01-15 10:00:01,000", "INFO", "n1", 2, "b"),
                "2024-01-15 10:00:02,000 [INFO] [n1] [workload:?(?) infra:?(?)] <stdin>:1 python line");
        LogFiles.Run r = run("triage", "--zone", "UTC", f.toString());
        assertThat(r.out).contains("First error: none").contains("node n1 (rank ?)")
                .contains("Ranks without any record (of 0..2, the highest rank seen): 1");
        assertThat(run("triage", "--zone", "UTC", "--node", "elsewhere", f.toString()).out).contains("no record (after filters)");
        assertThat(run("triage", "--top", "0", f.toString()).code).isEqualTo(NvrxMain.USAGE);
    }

    @Test
    void oneHugeRankNumberDoesNotExhaustMemory() throws IOException {
        Path log = write(dir, "a.log", "2024-01-15 10:30:45,200 [INFO] [n1] [workload:999999999(0) infra:0(0)] A.java:1 y");
        LogFiles.Run r = run("triage", "--zone", "UTC", log.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("rank 999999999").contains("too many to list");
    }

    @Test
    void controlCharactersOfAJsonMessageAreShownEscaped() throws IOException {
        Path log = write(dir, "a.jsonl", "{\"time\":\"2024-01-15T10:30:46.000Z\",\"level\":\"ERROR\",\"rank\":3,"
                + "\"message\":\"\\u001b]0;pwned\\u0007 boom\"}");
        LogFiles.Run r = run("triage", "--zone", "UTC", log.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\x1b]0;pwned\\x07 boom");
    }
}
