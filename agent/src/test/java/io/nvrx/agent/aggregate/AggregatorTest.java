package io.nvrx.agent.aggregate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole aggregator, in this JVM, over spool files left by processes that are gone. */
class AggregatorTest {
    @TempDir
    Path dir;

    private int run(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(dir.toString(), "--node", "n1", "--grace-ms", "0"));
        args.addAll(Arrays.asList(extra));
        return AggregatorMain.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void mergesEveryFileByTimeStampDeliversOnceAndCleansUp() throws Exception {
        FakeSpoolFile a = FakeSpoolFile.create(dir, 11, 1, 0, 4096);
        FakeSpoolFile a2 = FakeSpoolFile.create(dir, 11, 1, 1, 4096);
        FakeSpoolFile b = FakeSpoolFile.create(dir, 22, 2, 0, 4096);
        a.append(10, "a 10\n");
        b.append(20, "b 20\n");
        a.append(30, "a 30\n");
        a2.append(35, "a2 35\n");
        b.append(40, "b 40\n");
        a.append(50, "a 50\nwith a second line\n");

        assertThat(run()).isZero();
        assertThat(Files.readString(dir.resolve("nvrx_log_n1.log")))
                .isEqualTo("a 10\nb 20\na 30\na2 35\nb 40\na 50\nwith a second line\n");
        assertThat(files()).containsExactly("nvrx_log_n1.log");

        // Run again over new files: the node log is appended to, nothing is repeated.
        FakeSpoolFile c = FakeSpoolFile.create(dir, 33, 3, 0, 4096);
        c.append(5, "c 5\n");
        assertThat(run()).isZero();
        assertThat(Files.readString(dir.resolve("nvrx_log_n1.log")))
                .isEqualTo("a 10\nb 20\na 30\na2 35\nb 40\na 50\nwith a second line\nc 5\n");
    }

    @Test
    void anEmptySpareAndAHalfMadeFileOfAProcessThatIsGoneAreRemovedWithItsFiles() throws Exception {
        // A process killed while its preparer thread had an empty spare ready (named, open) and
        // was writing the next file under its temporary name.
        FakeSpoolFile a = FakeSpoolFile.create(dir, 11, 1, 0, 4096);
        FakeSpoolFile.create(dir, 11, 1, 1, 4096);
        a.append(10, "a 10\n");
        Files.write(dir.resolve("nvrx-spool.11-1.2.bin.tmp"), new byte[4096]);
        // Another process's temporary file is not this one's to remove.
        Path other = Files.write(dir.resolve("nvrx-spool.11-12.0.bin.tmp"), new byte[16]);

        assertThat(run()).isZero();
        assertThat(Files.readString(dir.resolve("nvrx_log_n1.log"))).isEqualTo("a 10\n");
        assertThat(files()).containsExactly("nvrx-spool.11-12.0.bin.tmp", "nvrx_log_n1.log");
        assertThat(other).exists();
    }

    @Test
    void aSavedStateCutsTheNodeLogBackAndResumesFromItsPositions() throws Exception {
        // As if an aggregator was killed after writing "a 20" but before saving that it had.
        FakeSpoolFile a = FakeSpoolFile.create(dir, 11, 1, 0, 4096);
        a.append(10, "a 10\n");
        int second = a.append(20, "a 20\n");
        a.append(30, "a 30\n");
        Path log = Files.writeString(dir.resolve("nvrx_log_n1.log"), "older\na 10\na 20\n");
        DeliveryState saved = new DeliveryState();
        saved.logPath = log.toString();
        saved.logKey = String.valueOf(Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        saved.logLength = "older\na 10\n".length();
        saved.files.put(a.path.getFileName().toString(), new DeliveryState.FileEntry(1, second, new long[0]));
        new StateStore(dir.resolve("nvrx-aggregator.state")).save(saved);

        assertThat(run()).isZero();
        assertThat(Files.readString(log)).isEqualTo("older\na 10\na 20\na 30\n");
        assertThat(files()).containsExactly("nvrx_log_n1.log");
    }

    @Test
    void withItsStateLostAnAggregatorDoesNotDeliverAgainWhatFilesSayIsDelivered() throws Exception {
        // An earlier aggregator delivered and marked a0, delivered half of a1, then its state was
        // lost (both slots damaged). a0 is not repeated; a1, unmarked, is read again (the note says so).
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 11, 1, 0, 4096);
        FakeSpoolFile a1 = FakeSpoolFile.create(dir, 11, 1, 1, 4096);
        a0.append(10, "a 10\n");
        a0.append(20, "a 20\n");
        a0.seal();
        a0.markDelivered();
        a1.append(30, "a 30\n");
        a1.append(40, "a 40\n");
        Path log = Files.writeString(dir.resolve("nvrx_log_n1.log"), "a 10\na 20\na 30\n");
        Files.writeString(dir.resolve("nvrx-aggregator.state"), "damaged");

        assertThat(run()).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.stream().filter(l -> l.startsWith("a "))).containsExactly("a 10", "a 20", "a 30", "a 30", "a 40");
        assertThat(lines).anyMatch(l -> l.contains("saved state was unreadable"));
        assertThat(files()).containsExactly("nvrx_log_n1.log");
    }

    @Test
    void theNodeLogRotatesBySizeKeepingWholeRecordsInOrder() throws Exception {
        FakeSpoolFile a = FakeSpoolFile.create(dir, 11, 1, 0, 4 << 20);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 25_000; i++) {
            String line = String.format("record %06d %s%n", i, "x".repeat(86));
            a.append(i + 1, line);
            expected.append(line);
        }
        assertThat(run("--node-log-max-size-mb", "1", "--node-log-max-files", "2")).isZero();
        Path log = dir.resolve("nvrx_log_n1.log");
        String all = Files.readString(dir.resolve("nvrx_log_n1.log.2")) + Files.readString(dir.resolve("nvrx_log_n1.log.1"))
                + Files.readString(log);
        assertThat(all).isEqualTo(expected.toString());
        for (String name : new String[] {"nvrx_log_n1.log", "nvrx_log_n1.log.1", "nvrx_log_n1.log.2"}) {
            assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(1 << 20);
            assertThat(Files.readString(dir.resolve(name))).startsWith("record ");
        }
        assertThat(files()).containsExactly("nvrx_log_n1.log", "nvrx_log_n1.log.1", "nvrx_log_n1.log.2");
    }

    @Test
    void aSecondAggregatorForTheSameDirectoryStandsDown() throws Exception {
        ElectionLock held = ElectionLock.acquire(dir.resolve("nvrx-aggregator.lock"), 0);
        assertThat(held).isNotNull();
        try {
            FakeSpoolFile a = FakeSpoolFile.create(dir, 11, 1, 0, 4096);
            a.append(10, "a 10\n");
            long start = System.nanoTime();
            assertThat(run()).isZero();
            assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
            assertThat(Files.exists(dir.resolve("nvrx_log_n1.log"))).isFalse();
        } finally {
            held.releaseAndDelete();
        }
    }
}
