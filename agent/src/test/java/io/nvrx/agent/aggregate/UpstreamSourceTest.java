package io.nvrx.agent.aggregate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream NVRx (Python) text spool files, including what upstream's own parser rejects. */
class UpstreamSourceTest {
    @TempDir
    Path dir;

    private static final String A = "2024-01-15 10:30:45,123 [INFO] [node001] [workload:0(0) infra:0(0)] training.py:45 Training started\n";
    private static final String B = "2024-01-15 10:30:46,456 [ERROR] [node001] [workload:?(?) infra:?(?)] <stdin>:1 Rank ? failed\n"
            + "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nValueError: boom\n";
    private static final String C = "2024-01-15 10:30:47,789 [WARNING] [node-1] [workload:1(?) infra:7(1)] my-module.py:67 GPU memory usage high\n";

    private static UpstreamSource sourceOf(Path file) {
        return new UpstreamSource(file.getFileName().toString(), file, 7, ZoneOffset.UTC, null, 0);
    }

    private static List<String> texts(List<Pending> pool) {
        return pool.stream().map(p -> new String(p.text, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    @Test
    void recordsKeepTheirContinuationLinesAndTheirOwnTime() throws Exception {
        Path file = Files.writeString(dir.resolve("rank_0_ftlauncher.msg.1705314645123"), A + B + C);
        UpstreamSource source = sourceOf(file);
        List<Pending> pool = new ArrayList<>();
        long offset = 1_000_000L;
        source.read(0, offset, pool::add);
        // The last record may still get continuation lines: it waits for the file to stay quiet.
        assertThat(texts(pool)).containsExactly(A, B);
        source.read(50_000_000L, offset, pool::add);
        assertThat(pool).hasSize(2);
        source.read(200_000_000L, offset, pool::add);
        assertThat(texts(pool)).containsExactly(A, B, C);
        long epochMillisOfA = LocalDateTime.of(2024, 1, 15, 10, 30, 45, 123_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(pool.get(0).key).isEqualTo(epochMillisOfA * 1_000_000L - offset);
        assertThat(pool.get(1).key - pool.get(0).key).isEqualTo(1_333_000_000L);
        pool.forEach(source::delivered);
        assertThat(source.drained()).isTrue();
        assertThat(source.entry().position).isEqualTo(Files.size(file));
        source.delete();
        assertThat(Files.exists(file)).as("delivered, so deleted").isFalse();
    }

    @Test
    void aFileWithRecordsNotYetDeliveredIsNotDeleted() throws Exception {
        Path file = Files.writeString(dir.resolve("rank_0_7.msg.1"), A + C);
        UpstreamSource source = sourceOf(file);
        List<Pending> pool = new ArrayList<>();
        source.read(0, 0, pool::add);
        source.delivered(pool.get(0));
        source.delete();
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void aFileRecreatedUnderTheSameNameIsReadFromItsStart() throws Exception {
        Path file = Files.writeString(dir.resolve("rank_1_42.msg.1"), A);
        UpstreamSource source = sourceOf(file);
        List<Pending> pool = new ArrayList<>();
        source.read(0, 0, pool::add);
        source.read(200_000_000L, 0, pool::add);
        pool.forEach(source::delivered);
        Files.delete(file);
        Files.writeString(file, C, StandardOpenOption.CREATE_NEW);
        source.read(400_000_000L, 0, pool::add);
        source.read(600_000_000L, 0, pool::add);
        assertThat(texts(pool)).containsExactly(A, C);
    }

    @Test
    void aFileCutShorterInPlaceIsReadFromItsStartAndKeepsBeingRead() throws Exception {
        Path file = Files.writeString(dir.resolve("rank_2_42.msg.1"), A + C);
        UpstreamSource source = sourceOf(file);
        List<Pending> pool = new ArrayList<>();
        source.read(0, 0, pool::add);
        source.read(200_000_000L, 0, pool::add);
        // The same inode, now shorter than the 64 bytes that identified it (a copytruncate, or a
        // new file that got the inode back). Its key once read "<inode>/shorter", and the next
        // read after a growth threw NumberFormatException: the aggregator, and every one after it
        // that loaded the saved key, stopped.
        Files.writeString(file, "short\n", StandardOpenOption.TRUNCATE_EXISTING);
        source.read(400_000_000L, 0, pool::add);
        Files.writeString(file, A, StandardOpenOption.APPEND);
        source.read(600_000_000L, 0, pool::add);
        source.read(800_000_000L, 0, pool::add);
        assertThat(texts(pool)).containsExactly(A, C, "short\n", A);
    }

    @Test
    void aLineLongerThanAReadIsDeliveredAndSoIsWhatFollowsIt() throws Exception {
        String huge = A.substring(0, A.length() - 1) + " " + "y".repeat(2_500_000) + "\n"; // 2.5 MB, one line
        Path file = Files.writeString(dir.resolve("rank_3_42.msg.1"), huge + C);
        UpstreamSource source = sourceOf(file);
        List<Pending> pool = new ArrayList<>();
        for (long now = 0; now <= 1_000_000_000L; now += 200_000_000L) {
            source.read(now, 0, pool::add);
        }
        // Once stuck here for good: no line break in the first 1 MB read, so no progress.
        String all = String.join("", texts(pool));
        assertThat(all.replace("\n" + "y", "y")).as("pieces of the long line, then C").isEqualTo(huge + C);
        assertThat(texts(pool).get(0)).startsWith(A.substring(0, 40));
        assertThat(texts(pool).get(texts(pool).size() - 1)).isEqualTo(C);
        pool.forEach(source::delivered);
        assertThat(source.drained()).isTrue();
    }

    @Test
    void aLastLineWithoutItsLineBreakIsDeliveredOnceTheFileIsQuiet() throws Exception {
        String cut = C.substring(0, C.length() - 10); // its writer killed in the middle of the line
        Path file = Files.writeString(dir.resolve("rank_4_42.msg.1"), A + cut);
        UpstreamSource source = sourceOf(file);
        List<Pending> pool = new ArrayList<>();
        source.read(0, 0, pool::add);
        source.read(1_000_000_000L, 0, pool::add);
        assertThat(texts(pool)).as("still possibly being written").containsExactly(A);
        source.read(3_000_000_000L, 0, pool::add); // quiet for 2 s: ended here
        source.read(3_200_000_000L, 0, pool::add);
        assertThat(texts(pool)).containsExactly(A, cut + "\n");
        pool.forEach(source::delivered);
        assertThat(source.drained()).as("else the aggregator never stops").isTrue();
        source.delete();
        assertThat(Files.exists(file)).as("delivered to its last byte, so deleted").isFalse();
    }

    @Test
    void theHeaderPatternAcceptsWhatUpstreamRejects() {
        assertThat(UpstreamSource.HEADER.matcher(A).find()).isTrue();
        assertThat(UpstreamSource.HEADER.matcher(B).find()).isTrue();
        assertThat(UpstreamSource.HEADER.matcher(C).find()).isTrue();
        assertThat(UpstreamSource.HEADER.matcher("Traceback (most recent call last):").find()).isFalse();
        assertThat(UpstreamSource.HEADER.matcher("| 2024-01-15 10:30:45,123 [INFO] fake").find()).isFalse();
    }
}
