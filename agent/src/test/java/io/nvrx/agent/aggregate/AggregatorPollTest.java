package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.ControlBlock;
import io.nvrx.agent.spool.ProcessIdentity;
import io.nvrx.agent.spool.SharedControl;
import io.nvrx.agent.spool.SpoolLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator driven one poll at a time, with the poll times chosen by the test, against a
 * writer that is alive as long as this test holds its live file's lock. This puts the writer's
 * steps exactly between two polls, where a real writer only lands now and then.
 */
class AggregatorPollTest {
    private static final long MS = 1_000_000L;
    /** A minute ago: every stamp of a test lies in the past, as every stamp a writer commits does. */
    private static final long T0 = System.nanoTime() - 60_000 * MS;

    @TempDir
    Path dir;

    private Aggregator aggregator;

    @AfterEach
    void closeAggregator() throws Exception {
        if (aggregator != null) {
            aggregator.close(false);
        }
    }

    /** What the aggregator says on its diagnostics stream (stderr). */
    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    private Aggregator openAggregator(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(dir.toString(), "--node", "n1", "--upstream-dir", "none"));
        args.addAll(List.of(more));
        AggregatorOptions options = AggregatorOptions.parse(args);
        aggregator = new Aggregator(options, new PrintStream(diagnostics, true));
        assertThat(aggregator.open()).isTrue();
        return aggregator;
    }

    private ControlBlock.Owned liveWriter(long pid) throws Exception {
        return ControlBlock.create(dir, new ProcessIdentity(pid, 1, pid + "-1"), "n1", new int[] {0, 0, -1, -1}, 1024, 4);
    }

    /** What kill -9 does to a writer, as the aggregator sees it: the live file's lock goes. */
    private static void kill(ControlBlock.Owned writer) throws Exception {
        Field channel = ControlBlock.Owned.class.getDeclaredField("channel");
        channel.setAccessible(true);
        ((FileChannel) channel.get(writer)).close();
    }

    private String nodeLog() throws Exception {
        return Files.readString(dir.resolve("nvrx_log_n1.log"));
    }

    @Test
    void anAggregatorKilledRightAfterRotatingTheNodeLogLosesNoRecord() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 4242, 1, 0, 4 << 20);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 15_000; i++) { // 1.5 MB: one rotation at 1 MB
            String line = String.format("record %06d %s%n", i, "x".repeat(86));
            a0.append(T0 - 50 * MS + i, line);
            expected.append(line);
        }
        Aggregator first = openAggregator("--node-log-max-size-mb", "1");
        first.poll(T0, false); // everything out, the log rotated once
        first.close(false); // kill -9: nothing more is saved
        aggregator = null;

        Aggregator second = openAggregator("--node-log-max-size-mb", "1");
        for (int i = 1; i <= 3; i++) {
            second.poll(T0 + i * 30 * MS, false);
        }
        String all = Files.readString(dir.resolve("nvrx_log_n1.log.1")) + nodeLog();
        assertThat(all.length()).as("every record once").isEqualTo(expected.length());
        assertThat(all).isEqualTo(expected.toString());
        assertThat(Files.size(dir.resolve("nvrx_log_n1.log.1"))).isLessThanOrEqualTo(1 << 20);
        kill(a);
    }

    @Test
    void aFileCreatedJustBeforeItsWriterDiedIsDeliveredInOrderBeforeTheWriterIsClosedOff() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        ControlBlock.Owned b = liveWriter(4343);
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 4242, 1, 0, 4096);
        FakeSpoolFile b0 = FakeSpoolFile.create(dir, 4343, 1, 0, 4096);
        a0.append(T0 - 5 * MS, "a first\n");
        Aggregator aggregator = openAggregator();

        aggregator.poll(T0, false);
        assertThat(nodeLog()).isEqualTo("a first\n");

        // The next poll starts at T0 + 60 ms and reads the directory counter. Just after that,
        // writer a rotates into a new file (bumping the counter), logs into it and dies; the
        // poll sees it gone. Writer b logs a little later.
        long w2 = T0 + 60 * MS;
        FakeSpoolFile a1 = FakeSpoolFile.create(dir, 4242, 1, 1, 4096);
        a1.append(w2 + MS / 2, "a second, in its last file\n");
        kill(a);
        b0.append(w2 + 7 * MS / 10, "b later\n");
        aggregator.poll(w2, false);
        SharedControl.openOrCreate(dir).directoryChanged(); // the bump this poll did not see
        aggregator.poll(w2 + MS, false);
        aggregator.poll(w2 + 2 * MS, false);

        String log = nodeLog();
        assertThat(log.lines()).hasSize(4);
        assertThat(log).startsWith("a first\na second, in its last file\nb later\n");
        assertThat(log.lines().skip(3).findFirst().orElse("")).contains("process 4242 ended without a normal exit");
        // Its files are gone once its end is in the log; the live writer's are not.
        assertThat(Files.exists(a0.path)).isFalse();
        assertThat(Files.exists(a1.path)).isFalse();
        assertThat(Files.exists(dir.resolve(SpoolLayout.liveName("4242-1")))).isFalse();
        assertThat(Files.exists(b.path)).isTrue();
    }

    @Test
    void temporaryFilesOfDeadProcessesAreRemovedAndThoseOfLiveOnesKept() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        FakeSpoolFile.create(dir, 4242, 1, 0, 4096).append(T0 - 5 * MS, "a\n");
        Path liveWritersTemp = Files.writeString(dir.resolve(SpoolLayout.binName("4242-1", 1) + ".tmp"), "half made");
        // A process killed before it linked its live file: unlocked, and older than a start-up takes.
        Path orphan = Files.writeString(dir.resolve(SpoolLayout.liveName("777-1") + ".tmp"), "half made");
        Files.setLastModifiedTime(orphan, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        // One just created by a process that is starting now: kept.
        Path starting = Files.writeString(dir.resolve(SpoolLayout.liveName("778-1") + ".tmp"), "half made");
        Aggregator aggregator = openAggregator();

        aggregator.poll(T0, false);
        assertThat(Files.exists(orphan)).isFalse();
        assertThat(Files.exists(starting)).isTrue();
        assertThat(Files.exists(liveWritersTemp)).isTrue();

        kill(a);
        aggregator.poll(T0 + 60 * MS, false); // sees it dead
        SharedControl.openOrCreate(dir).directoryChanged();
        aggregator.poll(T0 + 61 * MS, false); // lists again: its temporary file goes
        assertThat(Files.exists(liveWritersTemp)).isFalse();
        assertThat(nodeLog()).startsWith("a\n").contains("process 4242 ended without a normal exit");
    }

    @Test
    void aClockOffsetMovedByAWriterOrByTheAggregatorIsSaidInTheNodeLog() throws Exception {
        Aggregator aggregator = openAggregator();
        // A writer saw the wall clock 5 s ahead and published that (as a stepped clock would
        // make it); the aggregator, measuring the clock as it is, publishes it back.
        try (FileChannel channel = FileChannel.open(dir.resolve(SpoolLayout.SHARED_CONTROL),
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, 64);
            map.order(io.nvrx.agent.spool.SpoolFormat.ORDER).putLong(8, map.getLong(8) + 5_000 * MS);
        }
        long now = System.nanoTime();
        aggregator.poll(now, false);
        aggregator.poll(now + MS, false);
        assertThat(nodeLog().lines())
                .anySatisfy(line -> assertThat(line).contains("[WARNING]").contains("the wall clock was stepped by +5000 ms"))
                // Measured back from the real clock: within a millisecond or so of the planted 5 s.
                .anySatisfy(line -> assertThat(line).containsPattern("the wall clock was stepped by -(49\\d\\d|50\\d\\d) ms"));
    }

    @Test
    void aRecordThatAWriterLoggedJustBeforeItDiedKeepsItsPlaceInTime() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        ControlBlock.Owned b = liveWriter(4343);
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 4242, 1, 0, 4096);
        FakeSpoolFile b0 = FakeSpoolFile.create(dir, 4343, 1, 0, 4096);
        Aggregator aggregator = openAggregator();
        aggregator.poll(T0, false);

        // A poll begins at w. Then b logs, then a logs and is killed, all before the poll looks:
        // the poll sees a gone, with a record stamped after w.
        long w = T0 + 100 * MS;
        b0.append(w + 10 * MS, "b at w + 10 ms\n");
        a0.append(w + 47 * MS, "a at w + 47 ms, then killed\n");
        kill(a);
        aggregator.poll(w, false);
        aggregator.poll(w + 60 * MS, false);

        assertThat(nodeLog()).startsWith("b at w + 10 ms\na at w + 47 ms, then killed\n");
        assertThat(b.block.closed()).isFalse(); // b lived throughout (and its lock with it)
    }

    @Test
    void aBacklogBiggerThanThePoolIsReadASliceAtATimeAndMergedInOrder() throws Exception {
        // Two writers gone, each leaving 300 records; neighbouring records of a file are out of
        // order (two threads), and the two files interleave in time.
        FakeSpoolFile a = FakeSpoolFile.create(dir, 4242, 1, 0, 64 * 1024);
        FakeSpoolFile b = FakeSpoolFile.create(dir, 4343, 1, 0, 64 * 1024);
        java.util.List<Long> stamps = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long ta = T0 + (i ^ 1) * 2 * MS; // pairs swapped: 2, 0, 6, 4, ...
            long tb = T0 + (i * 2 + 1) * MS;
            a.append(ta, "a " + ta + "\n");
            b.append(tb, "b " + tb + "\n");
            stamps.add(ta);
            stamps.add(tb);
        }
        Aggregator aggregator = openAggregator();
        aggregator.limitPool(50, 5);
        long w = T0 + 10_000 * MS;
        for (int poll = 0; poll < 400 && nodeLog().lines().count() < 600; poll++) {
            aggregator.poll(w + poll * MS, false);
        }
        java.util.Collections.sort(stamps);
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (long t : stamps) {
            expected.add(((t - T0) / MS) % 2 == 0 ? "a " + t : "b " + t);
        }
        assertThat(nodeLog().lines().limit(600)).containsExactlyElementsOf(expected);
    }

    @Test
    void aFirstAggregatorKilledBeforeItsFirstSaveLeavesItsSuccessorALengthToCutBackTo() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 4242, 1, 0, 4096);
        a0.append(T0 - 5 * MS, "a first\n");
        a0.append(T0 - 4 * MS, "a second\n");
        Aggregator first = openAggregator();
        // Its first batch goes into the node log, then kill -9, before the save that would
        // have said so (a first poll over a big backlog writes megabytes before it saves; the
        // bytes are put in place here, where a poll would save right after them).
        Files.writeString(dir.resolve("nvrx_log_n1.log"), "a first\na sec");
        first.close(false);
        aggregator = null;

        Aggregator second = openAggregator();
        second.poll(T0, false);
        assertThat(nodeLog()).isEqualTo("a first\na second\n");
        java.lang.ref.Reference.reachabilityFence(a); // alive (its live file locked) to the end
    }

    @Test
    void aNodeLogWithoutStateThatEndsInTheMiddleOfALineGetsItsLineEndedFirst() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        FakeSpoolFile.create(dir, 4242, 1, 0, 4096).append(T0 - 5 * MS, "a first\n");
        Files.writeString(dir.resolve("nvrx_log_n1.log"), "an earlier job's last line, cut sho");
        Aggregator aggregator = openAggregator();
        aggregator.poll(T0, false);
        assertThat(nodeLog()).isEqualTo("an earlier job's last line, cut sho\na first\n");
        java.lang.ref.Reference.reachabilityFence(a); // alive (its live file locked) to the end
    }

    @Test
    void aLongWaitForOneReservedFrameIsSaidOnTheDiagnosticsStreamOnceItIsOver() throws Exception {
        ControlBlock.Owned a = liveWriter(4242);
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 4242, 1, 0, 4096);
        a0.append(T0 - 5 * MS, "a first\n");
        int reserved = a0.reserve("a slow one\n");
        Aggregator aggregator = openAggregator();
        aggregator.poll(T0, false);
        aggregator.poll(T0 + 50 * MS, false); // a short wait: nothing said
        a0.commit(reserved, T0 + 1 * MS, "a slow one\n");
        aggregator.poll(T0 + 60 * MS, false);
        int second = a0.reserve("a stalled one\n");
        aggregator.poll(T0 + 70 * MS, false);
        aggregator.poll(T0 + 200 * MS, false);
        aggregator.poll(T0 + 320 * MS, false);
        assertThat(diagnostics.toString()).doesNotContain("waited");
        a0.commit(second, T0 + 65 * MS, "a stalled one\n");
        aggregator.poll(T0 + 330 * MS, false);
        assertThat(diagnostics.toString().lines().filter(l -> l.contains("waited")))
                .containsExactly("nvrx-aggregator: the merge waited 260 ms for the frame process 4242 reserved at offset "
                        + second + " of " + a0.path.getFileName() + " (its thread stopped between reserving the frame and committing it)");
        assertThat(nodeLog()).isEqualTo("a first\na slow one\na stalled one\n");
        java.lang.ref.Reference.reachabilityFence(a); // alive (its live file locked) to the end
    }

    @Test
    void aFileSealedAfterItsLastRecordWasSavedIsStillMarkedDelivered() throws Exception {
        // A rank's exit: its last record is in the node log and saved well before the process
        // seals its file and waits for the mark. No record follows from anyone, so nothing new
        // is saved; the mark must come all the same, or the rank waits out NVRX_EXIT_WAIT_MS.
        ControlBlock.Owned a = liveWriter(4242);
        FakeSpoolFile a0 = FakeSpoolFile.create(dir, 4242, 1, 0, 4096);
        a0.append(T0 - 5 * MS, "a last\n");
        Aggregator aggregator = openAggregator();
        long w = System.nanoTime(); // after the aggregator's first save, at its opening
        aggregator.poll(w, false);
        aggregator.poll(w + 100 * MS, false); // saved by now: a save is due every 20 ms
        assertThat(nodeLog()).isEqualTo("a last\n");
        assertThat(a0.deliveredGeneration()).isZero(); // not sealed yet: the writer may add to it

        a0.seal();
        aggregator.poll(w + 101 * MS, false);
        assertThat(a0.deliveredGeneration()).isEqualTo(1);
        java.lang.ref.Reference.reachabilityFence(a); // alive (its live file locked) to the end
    }
}
