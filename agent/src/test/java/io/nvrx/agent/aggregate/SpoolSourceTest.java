package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SpoolLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The aggregator's reader of one spool file: what it hands to the merge, and what it holds back. */
class SpoolSourceTest {
    private static final long PID = 4242;
    private static final long START = 1700000000000L;

    @TempDir
    Path dir;

    private WriterState writer(boolean alive) {
        WriterState writer = WriterState.open(dir, PID + "-" + START, null); // no live file: gone
        writer.dead = !alive;
        return writer;
    }

    private SpoolSource open(FakeSpoolFile file, WriterState writer, long previousPoll) throws Exception {
        return SpoolSource.open(file.path, SpoolLayout.parse(file.path.getFileName().toString()), writer, 1, null, previousPoll);
    }

    private static String text(SpoolSource source, Pending frame) {
        ByteBuffer out = ByteBuffer.allocate((int) frame.extent);
        source.copyPayload(frame, out);
        return new String(out.array(), StandardCharsets.UTF_8);
    }

    private static List<String> texts(SpoolSource source, List<Pending> pool) {
        return pool.stream().map(p -> text(source, p)).collect(Collectors.toList());
    }

    @Test
    void aReservedFrameOfALiveWriterHoldsBackEverythingNewerThanThePollBeforeIt() throws Exception {
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4096);
        file.append(10, "a\n");
        int slow = file.reserve("b\n"); // a thread took its slot and has not written it yet
        file.append(5, "c\n");
        SpoolSource source = open(file, writer(true), 50);

        List<Pending> pool = new ArrayList<>();
        source.read(100, pool::add);
        assertThat(texts(source, pool)).containsExactly("a\n");
        assertThat(source.stuck()).isTrue();
        // Its stamp will be taken after the reservation, which the poll at 50 did not see yet.
        assertThat(source.bound()).isEqualTo(50);

        source.read(200, pool::add);
        assertThat(source.bound()).as("still waiting, same bound").isEqualTo(50);

        file.commit(slow, 60, "b\n");
        source.read(300, pool::add);
        assertThat(texts(source, pool)).containsExactly("a\n", "b\n", "c\n");
        assertThat(source.bound()).isEqualTo(Long.MAX_VALUE);
        assertThat(pool).extracting(p -> p.key).containsExactly(10L, 60L, 5L);
    }

    @Test
    void aFrameReservedAfterAnEarlierPollIsBoundedByThatPoll() throws Exception {
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4096);
        file.append(10, "a\n");
        SpoolSource source = open(file, writer(true), 50);
        List<Pending> pool = new ArrayList<>();
        source.read(100, pool::add); // reads "a", cursor seen at this poll (time 100)
        file.reserve("b\n");
        source.read(200, pool::add);
        assertThat(source.bound()).isEqualTo(100);
    }

    @Test
    void aReaderThatStopsEarlyBoundsTheMergeByTheLowestStampItLeftUnreadWhereverItLies() throws Exception {
        // A backlog read a slice per poll, frames nearly in stamp order, a few stamped far
        // earlier than their neighbours (a thread that stalled between reserving and stamping),
        // in the reader's own 64 KB block and in later ones; the file grows between polls.
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4 << 20);
        List<Long> stamps = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        SpoolSource source = open(file, writer(true), 0);
        int budget = 37;
        int read = 0;
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < 150; i++) {
                long stamp = 1_000_000 + stamps.size() * 10L;
                if (random.nextInt(100) == 0) {
                    stamp -= 1 + random.nextInt(500_000);
                }
                file.append(stamp, "record " + stamps.size() + " " + "x".repeat(random.nextInt(200)) + "\n");
                stamps.add(stamp);
            }
            List<Pending> pool = new ArrayList<>();
            read += source.read(10_000_000, pool::add, budget);
            long lowestUnread = stamps.subList(read, stamps.size()).stream().mapToLong(Long::longValue).min()
                    .orElse(Long.MAX_VALUE);
            assertThat(source.bound()).as("after %d of %d records", read, stamps.size()).isEqualTo(lowestUnread);
        }
        assertThat(read).isEqualTo(60 * budget);
    }

    @Test
    void framesOfADeadWriterThatWereNeverCommittedAreSkippedAndCounted() throws Exception {
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4096);
        file.append(10, "a\n");
        file.reserve("never written\n");               // word RESERVED, length known
        file.append(20, "b\n");
        // Died before even its word was written; the payload bytes it left look like frames would
        // (0x80 bytes where a commit word sits) but text never has the zero bytes a header has.
        file.torn("\u0080\u0080\u0080\u0080 \u0080\u0080\u0080\u0080 not a frame \u00c0\u00c0\u00c0\u00c0\u00c0\u00c0\u00c0\u00c0\n");
        file.append(30, "c\n");
        SpoolSource source = open(file, writer(false), 50);
        List<Pending> pool = new ArrayList<>();
        source.read(100, pool::add);
        assertThat(texts(source, pool)).containsExactly("a\n", "b\n", "c\n");
        assertThat(source.incomplete).isEqualTo(2);
        assertThat(source.drained()).isFalse(); // not delivered yet
        pool.forEach(source::delivered);
        assertThat(source.drained()).isTrue();
    }

    @Test
    void stampsOfADeadWriterFromBeforeTheLastBootCannotHoldTheMergeBack() throws Exception {
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4096);
        // An hour ahead of this boot's clock: no frame of this boot can carry that stamp.
        file.append(System.nanoTime() + 3_600_000_000_000L, "from an older boot\n");
        SpoolSource source = open(file, writer(false), 50);
        List<Pending> pool = new ArrayList<>();
        long before = System.nanoTime();
        source.read(100, pool::add);
        long after = System.nanoTime();
        assertThat(pool.get(0).key).isBetween(before, after); // brought back to the time it was read
    }

    @Test
    void deliveryOutOfFileOrderIsSavedAsAPositionPlusTheFramesBeyondIt() throws Exception {
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4096);
        int first = file.append(20, "second in time\n");
        int second = file.append(10, "first in time\n");
        file.append(30, "third in time\n");
        SpoolSource source = open(file, writer(true), 0);
        List<Pending> pool = new ArrayList<>();
        source.read(100, pool::add);
        source.delivered(pool.get(1)); // the merge emits by time: the frame at 'second' goes first
        DeliveryState.FileEntry entry = source.entry();
        assertThat(entry.position).isEqualTo(first);
        assertThat(entry.deliveredBeyond).containsExactly(second);

        // A new aggregator resumes from the saved entry: "first in time" is not handed out again.
        SpoolSource resumed = SpoolSource.open(file.path, SpoolLayout.parse(file.path.getFileName().toString()),
                writer(true), 1, entry, 0);
        List<Pending> again = new ArrayList<>();
        resumed.read(200, again::add);
        assertThat(texts(resumed, again)).containsExactly("second in time\n", "third in time\n");
    }

    @Test
    void aSealedFullyDeliveredGenerationIsMarkedForItsWriterToReuse() throws Exception {
        FakeSpoolFile file = FakeSpoolFile.create(dir, PID, START, 0, 4096);
        file.append(10, "a\n");
        SpoolSource source = open(file, writer(true), 0);
        List<Pending> pool = new ArrayList<>();
        source.read(100, pool::add);
        pool.forEach(source::delivered);
        assertThat(source.markDelivered()).as("not sealed yet").isFalse();
        file.seal();
        source.read(200, pool::add);
        assertThat(source.markDelivered()).isTrue();
        assertThat(file.deliveredGeneration()).isEqualTo(1);
    }

    @Test
    void filesThatAreNotSpoolFilesAreRefused() throws Exception {
        Path garbage = dir.resolve(SpoolLayout.binName(PID + "-" + START, 0));
        Files.write(garbage, new byte[4096]);
        assertThatThrownBy(() -> SpoolSource.open(garbage, SpoolLayout.parse(garbage.getFileName().toString()),
                writer(true), 1, null, 0)).isInstanceOf(SpoolSource.NotASpoolFile.class)
                .hasMessageContaining("does not start with a spool file header");

        FakeSpoolFile other = FakeSpoolFile.create(dir, PID + 1, START, 0, 4096);
        Path renamed = dir.resolve(SpoolLayout.binName(PID + "-" + START, 1));
        Files.move(other.path, renamed);
        assertThatThrownBy(() -> SpoolSource.open(renamed, SpoolLayout.parse(renamed.getFileName().toString()),
                writer(true), 1, null, 0)).isInstanceOf(SpoolSource.NotASpoolFile.class)
                .hasMessageContaining("does not match its name");
    }
}
