package io.nvrx.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.nvrx.agent.cli.LogFiles.line;
import static io.nvrx.agent.cli.LogFiles.run;
import static io.nvrx.agent.cli.LogFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

class MergeCommandTest {
    @TempDir
    Path dir;

    @Test
    void mergesNodeLogsIntoOneTimelineKeepingRecordsWhole() throws IOException {
        write(dir, "nvrx_log_n1.log",
                line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "a"),
                line("2024-01-15 10:00:02,000", "ERROR", "n1", 1, "c"),
                "java.lang.IllegalStateException: c",
                "\tat T.main(T.java:1)",
                line("2024-01-15 10:00:04,000", "INFO", "n1", 0, "e"));
        write(dir, "nvrx_log_n2.log",
                line("2024-01-15 10:00:01,000", "INFO", "n2", 2, "b"),
                line("2024-01-15 10:00:02,000", "INFO", "n2", 3, "c-tie"),
                line("2024-01-15 10:00:03,000", "WARNING", "n2", 2, "d"));
        LogFiles.Run r = run("merge", "--zone", "UTC", dir.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.lines()).containsExactly(
                line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "a"),
                line("2024-01-15 10:00:01,000", "INFO", "n2", 2, "b"),
                line("2024-01-15 10:00:02,000", "ERROR", "n1", 1, "c"),
                "java.lang.IllegalStateException: c",
                "\tat T.main(T.java:1)",
                line("2024-01-15 10:00:02,000", "INFO", "n2", 3, "c-tie"),
                line("2024-01-15 10:00:03,000", "WARNING", "n2", 2, "d"),
                line("2024-01-15 10:00:04,000", "INFO", "n1", 0, "e"));
        assertThat(r.err).isEmpty();
    }

    @Test
    void filtersByRankNodeLevelTimeAndText() throws IOException {
        Path a = write(dir, "a.log",
                line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "step 1"),
                line("2024-01-15 10:00:01,000", "ERROR", "n1", 1, "failure here"),
                "\tat Deep.frame(Deep.java:7) OutOfMemoryError",
                line("2024-01-15 10:00:05,000", "CRITICAL", "n1", 5, "fatal"));
        Path b = write(dir, "b.log",
                line("2024-01-15 10:00:02,000", "WARNING", "n2", 6, "slow"),
                line("2024-01-15 10:00:03,000", "INFO", "n2", 7, "step 2"));
        assertThat(messages(run("merge", "--zone", "UTC", "--rank", "0,5-6", a.toString(), b.toString())))
                .containsExactly("step 1", "slow", "fatal");
        assertThat(messages(run("merge", "--zone", "UTC", "--node", "n2", a.toString(), b.toString())))
                .containsExactly("slow", "step 2");
        assertThat(messages(run("merge", "--zone", "UTC", "--level", "warning", a.toString(), b.toString())))
                .containsExactly("failure here", "slow", "fatal");
        assertThat(messages(run("merge", "--zone", "UTC", "--since", "2024-01-15 10:00:01", "--until",
                "2024-01-15T10:00:05Z", a.toString(), b.toString())))
                .containsExactly("failure here", "slow", "step 2");
        LogFiles.Run text = run("merge", "--zone", "UTC", "--text", "OutOfMemoryError", a.toString(), b.toString());
        assertThat(text.lines()).containsExactly(line("2024-01-15 10:00:01,000", "ERROR", "n1", 1, "failure here"),
                "\tat Deep.frame(Deep.java:7) OutOfMemoryError");
        assertThat(messages(run("merge", "--zone", "UTC", "--regex", "step [12]$", a.toString(), b.toString())))
                .containsExactly("step 1", "step 2");
        assertThat(messages(run("merge", "--rank", "?", a.toString()))).isEmpty();
    }

    @Test
    void filesFromDifferentZonesMergeByRealTime() throws IOException {
        // 10:00:01 in Paris (winter, +01:00) is 09:00:01 UTC: before the UTC node's 09:00:02 record.
        Path paris = write(dir, "paris.log", line("2024-01-15 10:00:01,000", "INFO", "p", 0, "paris"));
        Path utc = write(dir, "utc.log",
                line("2024-01-15 09:00:00,000", "INFO", "u", 1, "utc first"),
                line("2024-01-15 09:00:02,000", "INFO", "u", 1, "utc last"));
        assertThat(messages(run("merge", "--zone", "UTC", "--zone", "paris.log=Europe/Paris",
                paris.toString(), utc.toString()))).containsExactly("utc first", "paris", "utc last");
        assertThat(run("merge", "--zone", "Mars/Olympus", utc.toString()).err).contains("unknown time zone 'Mars/Olympus'");
    }

    @Test
    void badInputIsReportedAndTheRestMerged() throws IOException {
        Path good = write(dir, "good.log", line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "ok"));
        Path noise = write(dir, "noise.log", "just some program output", "no records at all");
        Path truncated = dir.resolve("cut.log");
        Files.write(truncated, (line("2024-01-15 10:00:01,000", "INFO", "n3", 2, "whole") + "\n"
                + "2024-01-15 10:00:02,0").getBytes(StandardCharsets.UTF_8));
        Path unordered = write(dir, "unordered.log",
                line("2024-01-15 10:00:05,000", "INFO", "n4", 3, "late"),
                line("2024-01-15 10:00:03,000", "INFO", "n4", 3, "earlier"));
        LogFiles.Run r = run("merge", "--zone", "UTC", good.toString(), dir.resolve("missing.log").toString(),
                noise.toString(), truncated.toString(), unordered.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("cannot read " + dir.resolve("missing.log") + " (no such file); merging the others")
                .contains("noise.log: no NVRx record found")
                .contains("cut.log: ends in the middle of a line")
                .contains("unordered.log: 1 record(s) older than one before them");
        assertThat(r.out).endsWith("2024-01-15 10:00:02,0\n" + line("2024-01-15 10:00:05,000", "INFO", "n4", 3, "late")
                + "\n" + line("2024-01-15 10:00:03,000", "INFO", "n4", 3, "earlier") + "\n");
        assertThat(r.out).contains("just some program output\nno records at all\n");

        assertThat(run("merge").code).isEqualTo(NvrxMain.USAGE);
        assertThat(run("merge", "--level", "LOUD", good.toString()).err).contains("unknown level 'LOUD'");
        assertThat(run("merge", "--since", "yesterday", good.toString()).err).contains("cannot read the time 'yesterday'");
        assertThat(run("merge", "--bogus", good.toString()).err).contains("unknown option --bogus");
    }

    @Test
    void readsGzipAndJsonAndWritesToAFile() throws IOException {
        Path gz = dir.resolve("n1.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "from gzip") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path json = write(dir, "n2.jsonl",
                "{\"time\":\"2024-01-15T10:00:01.000Z\",\"level\":\"INFO\",\"node\":\"n2\",\"rank\":1,\"message\":\"json\"}");
        Path out = dir.resolve("merged.log");
        LogFiles.Run r = run("merge", "--zone", "UTC", "-o", out.toString(), gz.toString(), json.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(2);
        assertThat(Files.readAllLines(out).get(1)).contains("\"message\":\"json\"");
        assertThat(messages(run("merge", "--zone", "UTC", "--rank", "1", gz.toString(), json.toString())))
                .containsExactly("json");
    }

    @Test
    void manyFilesAndLongRecordsStayInOrder() throws IOException {
        List<String> args = new ArrayList<>(List.of("merge", "--zone", "UTC"));
        for (int f = 0; f < 12; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int millis = i * 12 + f;
                lines.add(line(String.format("2024-01-15 10:%02d:%02d,%03d", millis / 60000, (millis / 1000) % 60,
                        millis % 1000), "INFO", "n" + f, f, "m" + millis));
                if (i % 17 == 0) {
                    lines.add("x".repeat(3000 + f));
                }
            }
            args.add(write(dir, "f" + f + ".log", lines.toArray(new String[0])).toString());
        }
        List<String> messages = messages(run(args.toArray(new String[0])));
        assertThat(messages).hasSize(2400);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i)).isEqualTo("m" + i);
        }
    }

    static List<String> messages(LogFiles.Run r) {
        List<String> out = new ArrayList<>();
        for (String l : r.lines()) {
            int site = l.indexOf("Trainer.java:");
            if (site > 0) {
                out.add(l.substring(l.indexOf(' ', site) + 1));
            } else if (l.startsWith("{")) {
                out.add(l.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1"));
            }
        }
        return out;
    }

    // Review findings of 2026-11-30: each failed before its fix.

    @Test
    void anOutputThatIsAlsoAnInputIsRefusedNotEmptied() throws IOException {
        Path a = write(dir, "a.log", line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "kept"));
        Path b = write(dir, "b.log", line("2024-01-15 10:00:01,000", "INFO", "n1", 1, "other"));
        LogFiles.Run r = run("merge", "-o", a.toString(), a.toString(), b.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("is also an input");
        assertThat(Files.readString(a)).contains("kept");
    }

    @Test
    void aDamagedGzipIsNamedAndTheOthersAreStillMerged() throws IOException {
        Path good = write(dir, "good.log", line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "from the good file"));
        Files.write(dir.resolve("notgzip.log.gz"), "plain text, not gzip\n".getBytes(StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write((line("2024-01-15 10:00:01,000", "INFO", "n1", 1, "in the truncated file") + "\n").repeat(200)
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        Files.write(dir.resolve("truncated.log.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        LogFiles.Run r = run("merge", "--zone", "UTC", good.toString(), dir.resolve("notgzip.log.gz").toString(),
                dir.resolve("truncated.log.gz").toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.out).contains("from the good file");
        assertThat(r.err).contains("notgzip.log.gz").contains("truncated.log.gz");
    }

    @Test
    void aJsonRecordWithABadEscapeIsReadNotTakenForABadOption() throws IOException {
        Path json = write(dir, "a.jsonl",
                "{\"time\":\"2024-01-15T10:30:46.000Z\",\"level\":\"ERROR\",\"message\":\"bad \\uZZZZ escape\"}");
        LogFiles.Run r = run("merge", "--regex", "bad", json.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("bad");
    }

    @Test
    void aMessageCannotForgeAJsonRecordInATextLog() throws IOException {
        // Written by the agent's own formatter: its continuation line looks like a JSON record.
        io.nvrx.agent.format.Utf8Buffer text = new io.nvrx.agent.format.Utf8Buffer();
        new io.nvrx.agent.format.LineFormatter(new io.nvrx.agent.rank.RankInfo("n1", 0, 0, 0, 0), true).format(text,
                io.nvrx.bootstrap.Levels.INFO, 1_705_314_645_000L, "T.java:1",
                "ok\n{\"time\":\"2024-01-15T10:30:46.000Z\",\"level\":\"CRITICAL\",\"node\":\"n9\",\"rank\":7,\"message\":\"rank 7 crashed\"}",
                null);
        Path log = dir.resolve("nvrx_log_n1.log");
        Files.write(log, java.util.Arrays.copyOf(text.array(), text.length()));
        LogFiles.Run r = run("merge", "--zone", "UTC", "--rank", "7", log.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).as("no record of rank 7 in this log").isEmpty();
    }
}
