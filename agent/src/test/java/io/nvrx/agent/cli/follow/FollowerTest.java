package io.nvrx.agent.cli.follow;

import io.nvrx.agent.cli.merge.RecordOutput;
import io.nvrx.agent.cli.read.RecordFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FollowerTest {
    @TempDir
    Path dir;
    Path a;
    Path b;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> notes = new ArrayList<>();

    static String rec(int second, String node, String message) {
        return String.format("2024-01-15 10:00:%02d,000 [INFO] [%s] [workload:0(0) infra:0(0)] A.java:1 %s\n",
                second, node, message);
    }

    @BeforeEach
    void files() {
        a = dir.resolve("nvrx_log_a.log");
        b = dir.resolve("nvrx_log_b.log");
    }

    Follower follower(long settleMillis) {
        return new Follower(List.of(a, b), List.<ZoneId>of(ZoneOffset.UTC, ZoneOffset.UTC), new RecordFilter(),
                new RecordOutput(bytes, 4096), notes::add, settleMillis);
    }

    String taken() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    static void append(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void startsAtTheEndAndInterleavesNewRecordsByTime() throws IOException {
        append(a, rec(0, "a", "old"));
        Follower f = follower(0);
        f.start(false);
        assertThat(notes).containsExactly(b + " does not exist (yet); waiting for it");
        f.pollOnce();
        assertThat(taken()).isEmpty();
        append(a, rec(2, "a", "a2"));
        append(b, rec(1, "b", "b1") + rec(3, "b", "b3"));
        f.pollOnce();
        assertThat(taken()).isEqualTo(rec(1, "b", "b1") + rec(2, "a", "a2") + rec(3, "b", "b3"));
        assertThat(notes).contains(b + " appeared; following it");
    }

    @Test
    void holdsARecordWhoseStackTraceMayStillComeAndAPartialLine() throws IOException {
        append(a, "");
        Follower f = follower(60_000);
        f.start(true);
        append(a, rec(1, "a", "failed") + "java.lang.RuntimeException: x\n");
        f.pollOnce();
        assertThat(taken()).isEmpty(); // the last record may still grow
        append(a, "\tat A.main(A.java:1)\n" + rec(2, "a", "next") + "2024-01-15 10:00:0");
        f.pollOnce();
        assertThat(taken()).isEqualTo(rec(1, "a", "failed") + "java.lang.RuntimeException: x\n\tat A.main(A.java:1)\n");
        Follower quick = new Follower(List.of(a), List.<ZoneId>of(ZoneOffset.UTC), new RecordFilter(),
                new RecordOutput(bytes, 4096), notes::add, 0);
        quick.start(true);
        quick.pollOnce(); // a partial last line (maybe the next header) holds back the record before it
        assertThat(taken()).isEqualTo(rec(1, "a", "failed") + "java.lang.RuntimeException: x\n\tat A.main(A.java:1)\n");
        append(a, "3,000 [INFO] [a] [workload:0(0) infra:0(0)] A.java:1 third\n");
        quick.pollOnce();
        assertThat(taken()).isEqualTo(rec(2, "a", "next") + rec(3, "a", "third"));
    }

    @Test
    void followsRotationAndTruncationByName() throws IOException {
        append(a, rec(0, "a", "first"));
        append(b, "");
        Follower f = follower(0);
        f.start(true);
        f.pollOnce();
        assertThat(taken()).isEqualTo(rec(0, "a", "first"));

        append(a, rec(1, "a", "before rotation"));
        Files.move(a, dir.resolve("nvrx_log_a.log.1"));
        append(a, rec(2, "a", "after rotation"));
        f.pollOnce();
        assertThat(taken()).isEqualTo(rec(1, "a", "before rotation") + rec(2, "a", "after rotation"));
        assertThat(notes).anyMatch(n -> n.contains("was replaced (rotated)"));

        append(b, rec(3, "b", "long line that will be cut away by truncation"));
        f.pollOnce();
        taken();
        Files.write(b, rec(4, "b", "short").getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
        f.pollOnce();
        assertThat(notes).anyMatch(n -> n.contains("was truncated"));
        assertThat(taken()).isEqualTo(rec(4, "b", "short"));
        f.close();
    }

    @Test
    void filtersApply() throws IOException {
        append(a, "");
        append(b, "");
        Follower f = new Follower(List.of(a, b), List.<ZoneId>of(ZoneOffset.UTC, ZoneOffset.UTC),
                new RecordFilter().nodes(List.of("b")), new RecordOutput(bytes, 4096), notes::add, 0);
        f.start(false);
        append(a, rec(1, "a", "x"));
        append(b, rec(2, "b", "y"));
        f.pollOnce();
        assertThat(taken()).isEqualTo(rec(2, "b", "y"));
    }

    // Review findings of 2026-11-30: each failed before its fix.

    @Test
    void aFileRotatedAwayInTheMiddleOfALineDoesNotGlueItToTheNextFile() throws IOException {
        append(a, "");
        append(b, "");
        Follower f = follower(0);
        f.start(true);
        append(a, rec(1, "a", "first") + "2024-01-15 10:00:02,000 [INFO] [a] [workload:0(0) infra:0(0)] A.java:1 cut short");
        f.pollOnce();
        Files.move(a, dir.resolve("nvrx_log_a.log.1"));
        append(a, "2024-01-15 10:00:03,000 [ERROR] [a] [workload:0(0) infra:0(0)] A.java:1 after rotation\n");
        for (int i = 0; i < 3; i++) {
            f.pollOnce();
        }
        assertThat(taken()).contains("A.java:1 cut short\n2024-01-15 10:00:03,000 [ERROR]");
    }

    @Test
    void aRecordHeldBackWhenTheFileIsTruncatedIsStillWritten() throws IOException {
        append(a, "");
        append(b, "");
        Follower f = follower(60_000); // the last record waits for the file to go quiet
        f.start(true);
        append(a, rec(1, "a", "held back"));
        f.pollOnce();
        assertThat(taken()).isEmpty();
        Files.write(a, new byte[0], StandardOpenOption.TRUNCATE_EXISTING); // cut while it waited
        append(a, rec(2, "a", "cut")); // shorter than what was read: seen as a cut
        f.pollOnce();
        assertThat(taken()).contains(rec(1, "a", "held back"));
    }

    @Test
    void aBigFileFollowedFromItsStartIsReadAPieceAtATime() throws IOException {
        StringBuilder big = new StringBuilder();
        String line = rec(1, "a", "x".repeat(100));
        while (big.length() < 3 * TailedFile.MAX_PENDING) {
            big.append(line);
        }
        append(a, big.toString());
        append(b, "");
        Follower f = follower(0);
        f.start(true);
        int rounds = 0;
        long written = 0;
        boolean behind = true;
        while (behind && rounds < 100) {
            behind = f.pollOnce();
            written += taken().length();
            rounds++;
        }
        assertThat(rounds).as("more than one read").isGreaterThan(2);
        f.pollOnce();
        written += taken().length();
        assertThat(written).isEqualTo(big.length());
    }
}
