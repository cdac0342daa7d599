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

    private static List<String> texts(List<Pending> pool) {
        return pool.stream().map(p -> new String(p.text, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    @Test
    void recordsKeepTheirContinuationLinesAndTheirOwnTime() throws Exception {
        Path file = Files.writeString(dir.resolve("rank_0_ftlauncher.msg.1705314645123"), A + B + C);
        UpstreamSource source = new UpstreamSource(file.getFileName().toString(), file, 7, ZoneOffset.UTC, null, 0);
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
        UpstreamSource source = new UpstreamSource(file.getFileName().toString(), file, 7, ZoneOffset.UTC, null, 0);
        List<Pending> pool = new ArrayList<>();
        source.read(0, 0, pool::add);
        source.delivered(pool.get(0));
        source.delete();
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void aFileRecreatedUnderTheSameNameIsReadFromItsStart() throws Exception {
        Path file = Files.writeString(dir.resolve("rank_1_42.msg.1"), A);
        UpstreamSource source = new UpstreamSource(file.getFileName().toString(), file, 7, ZoneOffset.UTC, null, 0);
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
    void theHeaderPatternAcceptsWhatUpstreamRejects() {
        assertThat(UpstreamSource.HEADER.matcher(A).find()).isTrue();
        assertThat(UpstreamSource.HEADER.matcher(B).find()).isTrue();
        assertThat(UpstreamSource.HEADER.matcher(C).find()).isTrue();
        assertThat(UpstreamSource.HEADER.matcher("Traceback (most recent call last):").find()).isFalse();
        assertThat(UpstreamSource.HEADER.matcher("| 2024-01-15 10:30:45,123 [INFO] fake").find()).isFalse();
    }
}
