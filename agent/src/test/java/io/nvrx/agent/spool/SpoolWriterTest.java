package io.nvrx.agent.spool;

import io.nvrx.agent.format.LineFormatter;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Levels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.nvrx.agent.spool.SpoolFormat.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The writer's side of the spool format, read back byte by byte. */
class SpoolWriterTest {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SharedControl shared;
    private ControlBlock.Owned live;
    private final List<String> warnings = new ArrayList<>();
    private final LineFormatter formatter = new LineFormatter(new RankInfo("node1", 3, 1, null, null), true);
    private final SpoolWriter.ThreadScratch scratch = new SpoolWriter.ThreadScratch();

    @BeforeEach
    void setUp() throws IOException {
        shared = SharedControl.openOrCreate(dir);
        live = ControlBlock.create(dir, ProcessIdentity.current(), "node1", new int[] {3, 1, -1, -1}, 1, 4);
    }

    private SpoolWriter writer(int capacity, int maxFiles) throws IOException {
        return new SpoolWriter(dir, live, shared, capacity, maxFiles, warnings::add);
    }

    private int append(SpoolWriter writer, String message) {
        scratch.text.clear();
        formatter.format(scratch.text, Levels.INFO, 0L, "App.java:7", message, null);
        return writer.append(scratch, formatter);
    }

    /** One frame read back from a spool file. */
    static final class Frame {
        final int position;
        final int state;
        final int kind;
        final long seq;
        final long mono;
        final long epochMillis;
        final byte[] payload;

        Frame(int position, int state, int kind, long seq, long mono, long epochMillis, byte[] payload) {
            this.position = position;
            this.state = state;
            this.kind = kind;
            this.seq = seq;
            this.mono = mono;
            this.epochMillis = epochMillis;
            this.payload = payload;
        }

        int position() { return position; }
        int state() { return state; }
        int kind() { return kind; }
        long seq() { return seq; }
        long mono() { return mono; }
        long epochMillis() { return epochMillis; }
        byte[] payload() { return payload; }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
        }
    }

    static List<Frame> frames(ByteBuffer map) {
        List<Frame> frames = new ArrayList<>();
        long dataEnd = getLong(map, F_DATA_END);
        long limit = Math.min(getInt(map, F_CAPACITY), dataEnd != 0 ? dataEnd : getLong(map, F_CURSOR));
        for (int at = FILE_HEADER; at < limit; ) {
            int word = getInt(map, at);
            int length = word & LENGTH_MASK;
            if ((word & STATE_MASK) == STATE_FREE) {
                break;
            }
            byte[] payload = new byte[length];
            ByteBuffer view = map.duplicate();
            view.position(at + FRAME_HEADER);
            view.get(payload);
            frames.add(new Frame(at, word & STATE_MASK, getInt(map, at + W_KIND), getLong(map, at + W_SEQ),
                    getLong(map, at + W_MONO), getLong(map, at + W_EPOCH), payload));
            at += frameSize(length);
        }
        return frames;
    }

    List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".bin")).sorted((a, b) -> Integer.compare(index(a), index(b)))
                    .collect(Collectors.toList());
        }
    }

    static int index(Path file) {
        return SpoolLayout.parse(file.getFileName().toString()).index;
    }

    @Test
    void aFrameCarriesItsStampSequenceAndTheRestampedText() throws IOException {
        SpoolWriter writer = writer(64 * 1024, 4);
        for (int i = 0; i < 3; i++) {
            assertThat(append(writer, "record " + i)).isEqualTo(SpoolWriter.WRITTEN);
        }
        List<Frame> frames = frames(map(spoolFiles().get(0)));
        assertThat(frames).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Frame frame = frames.get(i);
            assertThat(frame.state()).isEqualTo(STATE_COMMITTED);
            assertThat(frame.kind()).isEqualTo(KIND_TEXT);
            assertThat(frame.seq()).isEqualTo(i + 1);
            assertThat(frame.epochMillis()).isEqualTo(Math.floorDiv(frame.mono() + shared.offsetNanos(), 1_000_000L));
            // The printed time is the frame's stamp, not the placeholder (epoch 0) it was formatted with.
            assertThat(frame.text()).isEqualTo(ASCTIME.format(Instant.ofEpochMilli(frame.epochMillis()))
                    + " [INFO] [node1] [workload:3(1) infra:?(?)] App.java:7 record " + i + "\n");
        }
        assertThat(frames.get(1).mono()).isGreaterThanOrEqualTo(frames.get(0).mono());
        assertThat(frames.get(0).position()).isEqualTo(FILE_HEADER);
        assertThat(frames.get(1).position() % 8).isZero();
    }

    @Test
    void rotatesUpToTheFileLimitThenDropsAndCountsWithoutDeletingAnything() throws IOException {
        SpoolWriter writer = writer(1024, 4);
        int written = 0;
        for (int i = 0; i < 100; i++) {
            if (append(writer, "record " + i) == SpoolWriter.WRITTEN) {
                written++;
            }
        }
        List<Path> files = spoolFiles();
        assertThat(files).hasSize(4);
        int framesOnDisk = 0;
        for (Path file : files) {
            ByteBuffer map = map(file);
            assertThat(getLong(map, F_DATA_END)).as("sealed when full").isNotZero();
            framesOnDisk += frames(map).size();
        }
        assertThat(framesOnDisk).isEqualTo(written);
        assertThat(live.block.dropped()).isEqualTo(100 - written).isPositive();
    }

    @Test
    void aDeliveredFileIsReusedAndItsFirstFrameReportsTheDrops() throws IOException {
        SpoolWriter writer = writer(1024, 2);
        for (int i = 0; i < 40; i++) {
            append(writer, "record " + i);
        }
        long dropped = live.block.dropped();
        assertThat(dropped).isPositive();
        Path first = spoolFiles().get(0);
        MappedByteBuffer map = map(first);
        setLongRelease(map, F_DELIVERED_GENERATION, getLong(map, F_GENERATION)); // what the aggregator does

        assertThat(append(writer, "after the aggregator caught up")).isEqualTo(SpoolWriter.WRITTEN);
        assertThat(getLong(map, F_GENERATION)).isEqualTo(2);
        List<Frame> frames = frames(map);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).kind()).isEqualTo(KIND_DROPPED);
        assertThat(ByteBuffer.wrap(frames.get(0).payload()).order(ORDER).getLong()).isEqualTo(dropped);
        assertThat(frames.get(1).text()).endsWith("after the aggregator caught up\n");
        assertThat(spoolFiles()).hasSize(2);
    }

    @Test
    void aRecordLargerThanAFileGetsADedicatedFileOfItsOwn() throws IOException {
        SpoolWriter writer = writer(1024, 4);
        String big = "x".repeat(5000);
        assertThat(append(writer, big)).isEqualTo(SpoolWriter.WRITTEN);
        Path dedicated = spoolFiles().get(1);
        MappedByteBuffer map = map(dedicated);
        assertThat(getInt(map, F_FLAGS) & FLAG_DEDICATED).isNotZero();
        List<Frame> frames = frames(map);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).text()).endsWith(big + "\n");
        assertThat(Files.size(dedicated)).isEqualTo(FILE_HEADER + frameSize(frames.get(0).payload().length));
        assertThat(getLong(map, F_DATA_END)).isEqualTo(Files.size(dedicated));
    }

    @Test
    void closingSealsTheFileMarksTheControlBlockAndRefusesLaterRecords() throws IOException {
        SpoolWriter writer = writer(64 * 1024, 4);
        append(writer, "before");
        writer.close();
        assertThat(live.block.closed()).isTrue();
        ByteBuffer map = map(spoolFiles().get(0));
        assertThat(getLong(map, F_DATA_END)).isEqualTo(frames(map).get(0).position() + frameSize(frames(map).get(0).payload().length));
        assertThat(append(writer, "after")).isEqualTo(SpoolWriter.REFUSED);
        assertThat(writer.refusing()).isTrue();
    }

    @Test
    void aSpoolFileReplacedBehindTheWritersBackTurnsNodeLocalModeOff() throws IOException {
        SpoolWriter writer = writer(1024, 1);
        for (int i = 0; i < 20; i++) {
            append(writer, "record " + i);
        }
        Path file = spoolFiles().get(0);
        MappedByteBuffer map = map(file);
        setLongRelease(map, F_DELIVERED_GENERATION, getLong(map, F_GENERATION));
        Files.delete(file);
        Files.writeString(file, "someone else's file");
        assertThat(append(writer, "one more")).isEqualTo(SpoolWriter.REFUSED);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("was replaced or removed").contains("records go to the console");
        assertThat(Files.readString(file)).isEqualTo("someone else's file");
    }

    @Test
    void threadsRacingForTheSameFileNeverShareABytes() throws Exception {
        SpoolWriter writer = writer(4096, 0); // unbounded: every record is written
        int threads = 4;
        int each = 2000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                SpoolWriter.ThreadScratch mine = new SpoolWriter.ThreadScratch();
                for (int i = 0; i < each; i++) {
                    mine.text.clear();
                    formatter.format(mine.text, Levels.INFO, 0L, "App.java:1", "thread " + id + " record " + i, null);
                    assertThat(writer.append(mine, formatter)).isEqualTo(SpoolWriter.WRITTEN);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        List<String> texts = new ArrayList<>();
        for (Path file : spoolFiles()) {
            for (Frame frame : frames(map(file))) {
                assertThat(frame.state()).isEqualTo(STATE_COMMITTED);
                texts.add(frame.text());
            }
        }
        assertThat(texts).hasSize(threads * each).doesNotHaveDuplicates()
                .allMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[INFO\\] .* thread \\d record \\d+\n"));
    }
}
