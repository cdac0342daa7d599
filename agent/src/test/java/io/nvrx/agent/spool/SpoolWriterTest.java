package io.nvrx.agent.spool;

import io.nvrx.agent.format.LineFormatter;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Faults;
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
        SpoolWriter writer = new SpoolWriter(dir, live, shared, capacity, maxFiles, warnings::add);
        opened.add(writer);
        return writer;
    }

    /** Closed after each test: their spare-file threads must not write into a directory being deleted. */
    private final List<SpoolWriter> opened = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeWriters() {
        opened.forEach(SpoolWriter::close);
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

    /** The spool files that hold at least one frame (not an empty spare). */
    List<Path> filesWithFrames() throws IOException {
        List<Path> used = new ArrayList<>();
        for (Path file : spoolFiles()) {
            if (!frames(map(file)).isEmpty()) {
                used.add(file);
            }
        }
        return used;
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
            // Numbered by place: the first file's base (1) plus the position / 8; no counter per call.
            assertThat(frame.seq()).isEqualTo(1 + frame.position() / 8);
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
        // Four files hold records; at most one more, the empty spare made ahead of need, waits.
        List<Path> used = filesWithFrames();
        assertThat(used).hasSize(4);
        assertThat(spoolFiles()).hasSizeBetween(4, 5);
        List<Frame> onDisk = new ArrayList<>();
        for (Path file : used) {
            ByteBuffer map = map(file);
            assertThat(getLong(map, F_DATA_END)).as("sealed when full").isNotZero();
            onDisk.addAll(frames(map));
        }
        int framesOnDisk = onDisk.size();
        // One thread logged them: in the order of their stamps, their sequence numbers grow, from
        // file to file too (file names need not follow that order: a spare made ahead of need
        // may carry a lower index than a file a rotation made meanwhile).
        onDisk.sort(java.util.Comparator.comparingLong(Frame::mono));
        long lastSequence = 0;
        for (Frame frame : onDisk) {
            assertThat(frame.seq()).as("sequence numbers grow").isGreaterThan(lastSequence).isLessThan(MAX_SEQ);
            lastSequence = frame.seq();
        }
        assertThat(framesOnDisk).isEqualTo(written);
        assertThat(live.block.dropped()).isEqualTo(100 - written).isPositive();
    }

    /**
     * An app that logs right after catching an InterruptedException (the flag restored, as it
     * should be) must not end node-local mode: a FileChannel used on an interrupted thread
     * closes itself (ClosedByInterruptException), and both paths below make a file on the log
     * call's thread.
     */
    @Test
    void aRecordLargerThanAFileLoggedOnAnInterruptedThreadIsWrittenAndTheFlagKept() throws IOException {
        SpoolWriter writer = writer(1024, 4);
        String big = "x".repeat(3000); // bigger than a file: a dedicated file of its own
        Thread.currentThread().interrupt();
        int outcome;
        boolean stillInterrupted;
        try {
            outcome = append(writer, big);
        } finally {
            stillInterrupted = Thread.interrupted(); // (clears it for the test runner)
        }
        assertThat(outcome).isEqualTo(SpoolWriter.WRITTEN);
        assertThat(stillInterrupted).as("the app's interrupt status is kept").isTrue();
        assertThat(writer.refusing()).isFalse();
        assertThat(warnings).isEmpty();
        assertThat(append(writer, "the next record")).isEqualTo(SpoolWriter.WRITTEN);
    }

    @Test
    void rotationOnAnInterruptedThreadMakesItsFileAndTheFlagIsKept() throws IOException {
        // No spare made ahead: the log call that finds the file full makes the next one itself.
        SpoolWriter writer = new SpoolWriter(dir, live, shared, 1024, 4, warnings::add, false);
        opened.add(writer);
        Thread.currentThread().interrupt();
        int written = 0;
        boolean stillInterrupted;
        try {
            for (int i = 0; i < 30; i++) { // about three files' worth
                if (append(writer, "record " + i) == SpoolWriter.WRITTEN) {
                    written++;
                }
            }
        } finally {
            stillInterrupted = Thread.interrupted();
        }
        assertThat(written).isEqualTo(30);
        assertThat(stillInterrupted).as("the app's interrupt status is kept").isTrue();
        assertThat(writer.refusing()).isFalse();
        assertThat(warnings).isEmpty();
        assertThat(filesWithFrames()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aDeliveredFileIsReusedAndItsFirstFrameReportsTheDrops() throws IOException {
        // Rotation on the logging thread (no spare made ahead): the fallback when none is ready.
        SpoolWriter writer = new SpoolWriter(dir, live, shared, 1024, 2, warnings::add, false);
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
        Path dedicated = spoolFiles().stream().filter(f -> {
            try {
                return (getInt(map(f), F_FLAGS) & FLAG_DEDICATED) != 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
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

    /**
     * {@code threads} threads each log {@code each} records ("thread T record I") flat out;
     * returns how many were not written.
     */
    private int logFromThreads(SpoolWriter writer, int threads, int each) throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger notWritten = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                SpoolWriter.ThreadScratch mine = new SpoolWriter.ThreadScratch();
                for (int i = 0; i < each; i++) {
                    mine.text.clear();
                    formatter.format(mine.text, Levels.INFO, 0L, "App.java:1", "thread " + id + " record " + i, null);
                    if (writer.append(mine, formatter) != SpoolWriter.WRITTEN) {
                        notWritten.incrementAndGet();
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return notWritten.get();
    }

    @Test
    void threadsRacingForTheSameFileNeverShareABytes() throws Exception {
        SpoolWriter writer = writer(4096, 0); // unbounded: every record is written
        int threads = 4;
        int each = 2000;
        assertThat(logFromThreads(writer, threads, each)).as("records not written").isZero();
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

    @Test
    void pagesAheadOfTheLogCallsAreMappedOnTheirBehalfAndNoFrameIsChanged() throws Exception {
        SpoolWriter writer = writer(8 << 20, 0); // the first file: not prefaulted, mapped ahead as the log calls go
        Path first = spoolFiles().get(0);
        Thread.sleep(100);
        // (Linux maps up to 64 KB around a page read in, read-only: a write there still faults.)
        assertThat(residentKb(first)).as("nothing mapped ahead before the first record").isLessThanOrEqualTo(64);
        int records = 0;
        while (writerCursor(first) < 40 << 10) { // the first record asks for 64 KB; 40 KB is past its middle
            append(writer, "record " + records++);
        }
        // Mapped ahead of the log calls, at least a 64 KB window past the cursor's page: the
        // preparer maps 64 KB, then 128 KB more once a call crosses the middle of the first
        // window; one that wakes only after the calls reached 40 KB (a loaded machine) maps the
        // 64 KB from there, and the calls had written the pages before it themselves.
        await("the pages ahead of the log calls mapped", () -> residentKb(first) >= 40 + 64);
        assertThat(residentKb(first)).as("a process that logs little maps little").isLessThan(1024);

        // Four threads flat out, while the preparer maps the pages ahead of them: no byte of theirs changes.
        int threads = 4;
        int each = 5000;
        assertThat(logFromThreads(writer, threads, each)).as("records not written").isZero();
        List<Frame> frames = frames(map(first));
        assertThat(frames).hasSize(records + threads * each).allMatch(f -> f.state() == STATE_COMMITTED);
        assertThat(frames.stream().map(Frame::text).skip(records))
                .allMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[INFO\\] .* thread \\d record \\d+\n"));
        assertThat(residentKb(first)).as("mapped ahead as the threads went").isGreaterThan(1024);
    }

    @Test
    void aNewSpareHasOnlyItsFirstPagesMappedSoItIsReadySoon() throws Exception {
        SpoolWriter writer = writer(8 << 20, 0);
        Path first = spoolFiles().get(0);
        int records = 0;
        while (writerCursor(first) < (4 << 20) + (64 << 10)) { // past the halfway mark: the spare is due
            append(writer, "record " + records++ + " with some words to make it about a hundred bytes long");
        }
        await("the spare", writer::spareReady);
        Path spare = dir.resolve(SpoolLayout.binName(live.identity.id, 1));
        // Mapping all 2,048 pages of it took a busy node's preparer over a second (see prefaultStart).
        assertThat(residentKb(spare)).as("the spare's first window mapped (64 KB to 2 MB), not all 8 MB")
                .isBetween(64L, 2048L + 64);
        assertThat(writerCursor(spare)).isEqualTo(FILE_HEADER);
    }

    @Test
    void aRotationThatFindsTheSpareUnfinishedGoesOnInASmallBridgeFileAndLosesNothing() throws Exception {
        SpoolWriter writer = writer(4 << 20, 0);
        String padding = " with some words to make it about a hundred bytes long";
        int written = 0;
        Faults.inject(Faults.SLOW_SPARE); // the preparer starts the spare at the halfway mark, and waits
        try {
            while (writer.rotationsWithoutSpare() == 0) { // the first file filled: the rotation made a file itself
                assertThat(append(writer, "record " + written++ + padding)).isEqualTo(SpoolWriter.WRITTEN);
            }
            List<Path> files = spoolFiles();
            Path bridge = files.stream().filter(f -> f.toFile().length() == SpoolWriter.BRIDGE_SIZE)
                    .findFirst().orElseThrow(() -> new AssertionError("no 1 MB bridge file among " + files));
            assertThat(getInt(map(bridge), F_FLAGS) & FLAG_DEDICATED).as("never reused: deleted once delivered").isNotZero();
            for (int k = 0; k < 100; k++) {
                assertThat(append(writer, "record " + written++ + padding)).isEqualTo(SpoolWriter.WRITTEN);
            }
            assertThat(frames(map(bridge))).hasSizeGreaterThanOrEqualTo(100);
        } finally {
            Faults.inject(0);
        }
        await("the spare, once the preparer may go on", writer::spareReady);
        for (int k = 0; k < 10_000; k++) { // more than the bridge holds (~190-byte frames): the next rotation takes the spare
            assertThat(append(writer, "record " + written++ + padding)).isEqualTo(SpoolWriter.WRITTEN);
        }
        assertThat(writer.rotationsWithoutSpare()).isEqualTo(1);
        assertThat(filesWithFrames()).as("the first file, the bridge, the spare").hasSize(3);
        assertThat(live.block.dropped()).isZero();
        List<String> texts = new ArrayList<>();
        for (Path file : spoolFiles()) {
            frames(map(file)).forEach(f -> texts.add(f.text()));
        }
        assertThat(texts).hasSize(written);
        assertThat(texts.stream().map(t -> t.replaceAll("(?s).* record (\\d+) .*", "$1")).map(Integer::parseInt)
                .sorted().distinct().count()).isEqualTo(written);
    }

    private static long writerCursor(Path file) {
        try {
            return getLong(map(file), F_CURSOR);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Resident kilobytes of this JVM's largest mapping of {@code file} (/proc/self/smaps): the
     * pages the writer has mapped. The test's own mappings of the file are fresh and smaller.
     */
    private static long residentKb(Path file) {
        String name = file.toAbsolutePath().toString();
        long most = 0;
        boolean inFile = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    inFile = line.endsWith(" " + name);
                } else if (inFile && line.startsWith("Rss:")) {
                    most = Math.max(most, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/smaps", e);
        }
        return most;
    }

    /**
     * Logs one record at a time until {@code condition} holds: the preparer makes the next file
     * ready once the current one is half used. Returns the records written.
     */
    private int logUntil(SpoolWriter writer, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        int written = 0;
        for (int n = 0; !condition.getAsBoolean(); n++) {
            assertThat(n).as("records logged waiting for " + what).isLessThan(40);
            if (append(writer, "filler " + n) == SpoolWriter.WRITTEN) {
                written++;
            }
            long until = System.nanoTime() + 50_000_000L;
            while (!condition.getAsBoolean() && System.nanoTime() < until) {
                Thread.sleep(1);
            }
        }
        return written;
    }

    /** Polls until {@code condition} holds (the preparer thread works in the background), at most 10 s. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
            Thread.sleep(2);
        }
    }

    private boolean fileExists(int index) {
        return Files.exists(dir.resolve(SpoolLayout.binName(live.identity.id, index)));
    }

    private List<String> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    @Test
    void theNextFileIsMadeReadyAheadAndRotationTakesIt() throws Exception {
        long changesBefore = shared.directoryChanges();
        SpoolWriter writer = writer(1024, 4);
        Thread.sleep(100);
        assertThat(fileExists(1)).as("no spare before the first file is half used").isFalse();
        // Named, then announced (the directory change counter), before any frame can go into it.
        logUntil(writer, "the spare file announced", () -> shared.directoryChanges() == changesBefore + 2);
        assertThat(fileExists(1)).isTrue();
        MappedByteBuffer spare = map(dir.resolve(SpoolLayout.binName(live.identity.id, 1)));
        assertThat(getLong(spare, F_CURSOR)).isEqualTo(FILE_HEADER);
        assertThat(getLong(spare, F_DATA_END)).isZero();

        int i = 0;
        while (frames(spare).isEmpty()) {
            assertThat(append(writer, "record " + i++)).isEqualTo(SpoolWriter.WRITTEN);
        }
        assertThat(frames(spare).get(0).text()).endsWith("record " + (i - 1) + "\n");
        // Once a file has been filled, the next spare is made at once, not at the halfway mark.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!fileExists(2) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fileExists(2)).as("the next spare, made without a further record").isTrue();
        assertThat(frames(spare)).hasSize(1);
        assertThat(writer.rotationsWithoutSpare()).isZero();
        assertThat(live.block.dropped()).isZero();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void theSpareIsNotCountedAgainstTheFileLimit() throws Exception {
        SpoolWriter writer = writer(1024, 2);
        int written = logUntil(writer, "the spare file", writer::spareReady);
        int attempts = 60;
        for (int i = written; i < attempts; i++) {
            if (append(writer, "record " + i) == SpoolWriter.WRITTEN) {
                written++;
            }
        }
        // Two files of ~8 records: both used in full, nothing beyond the limit, the rest counted.
        List<Path> files = filesWithFrames();
        assertThat(files).hasSize(2);
        assertThat(spoolFiles()).hasSizeBetween(2, 3);
        int framesOnDisk = 0;
        for (Path file : files) {
            framesOnDisk += frames(map(file)).size();
        }
        assertThat(framesOnDisk).isEqualTo(written).isGreaterThan(10);
        assertThat(live.block.dropped()).isEqualTo(attempts - written);
    }

    @Test
    void aDeliveredFileIsClearedForReuseAheadOfNeed() throws Exception {
        SpoolWriter writer = writer(1024, 2);
        logUntil(writer, "the spare file", writer::spareReady);
        MappedByteBuffer first = map(spoolFiles().get(0));
        int i = 0;
        while (getLong(first, F_DATA_END) == 0) {
            append(writer, "record " + i++); // until the first file is full and the spare is current
        }
        setLongRelease(first, F_DELIVERED_GENERATION, getLong(first, F_GENERATION)); // what the aggregator does
        // The preparer, not a log call, opens its next generation: empty, frames zeroed. It
        // looks again by itself (it found every file waiting for the aggregator), so no record is
        // logged meanwhile: logging while waiting once filled the second file before a slow
        // preparer was done (a loaded machine), and the rotation then made a third file.
        await("the delivered file prepared", () -> getLong(first, F_GENERATION) == 2);
        assertThat(getLong(first, F_CURSOR)).isEqualTo(FILE_HEADER);
        assertThat(getLong(first, F_DATA_END)).isZero();
        for (int at = FILE_HEADER; at < 1024; at += 4) {
            assertThat(getInt(first, at)).as("offset " + at).isZero();
        }
        MappedByteBuffer second = map(spoolFiles().get(1));
        while (getLong(second, F_DATA_END) == 0) {
            assertThat(append(writer, "record " + i++)).isEqualTo(SpoolWriter.WRITTEN);
        }
        assertThat(append(writer, "into the reused file")).isEqualTo(SpoolWriter.WRITTEN);
        // What the files say, should this fail again.
        String state = "first gen " + getLong(first, F_GENERATION) + " cursor " + getLong(first, F_CURSOR)
                + " end " + getLong(first, F_DATA_END) + " delivered " + getLong(first, F_DELIVERED_GENERATION)
                + "; second gen " + getLong(second, F_GENERATION) + " cursor " + getLong(second, F_CURSOR)
                + " end " + getLong(second, F_DATA_END) + "; files " + spoolFiles() + " frames " + frames(first).size()
                + "/" + frames(second).size() + " i " + i;
        assertThat(frames(first)).as(state).extracting(Frame::text).last().asString().endsWith("into the reused file\n");
        assertThat(spoolFiles()).hasSize(2);
        assertThat(live.block.dropped()).isZero();
    }

    /** A writer closed right after {@code lastRecord}, its spare file ready (and so sealed empty). */
    private SpoolWriter closedWithItsSpareReady(String lastRecord) throws Exception {
        SpoolWriter writer = writer(1024, 4);
        logUntil(writer, "the spare file", writer::spareReady);
        append(writer, lastRecord);
        writer.close();
        return writer;
    }

    @Test
    void closingSealsTheSpareTooAndLeavesNoHalfMadeFile() throws Exception {
        closedWithItsSpareReady("before");
        for (Path file : spoolFiles()) {
            assertThat(getLong(map(file), F_DATA_END)).as(file + " sealed").isNotZero();
        }
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void atExitAnEmptyFileNeedsNoDeliveryMark() throws Exception {
        // The aggregator marks the files it delivers; an empty one it may just delete (a spare
        // named after the process's end was in the node log). Waiting for its mark would wait
        // out NVRX_EXIT_WAIT_MS for no record at all.
        SpoolWriter writer = closedWithItsSpareReady("the last record");
        assertThat(writer.awaitDelivery(0)).isFalse();
        for (Path file : filesWithFrames()) {
            MappedByteBuffer map = map(file);
            setLongRelease(map, F_DELIVERED_GENERATION, getLong(map, F_GENERATION)); // what the aggregator does
        }
        assertThat(spoolFiles().size()).isGreaterThan(filesWithFrames().size()); // the empty spare, not marked
        assertThat(writer.awaitDelivery(1000)).isTrue();
    }

    @Test
    void closingWhileABigSpareIsBeingMadeGivesItUp() throws Exception {
        // 64 MB: the zero fill takes a while; close in the middle of it.
        SpoolWriter writer = writer(64 << 20, 0);
        append(writer, "before");
        writer.close();
        assertThat(tempFiles()).isEmpty();
        for (Path file : spoolFiles()) {
            assertThat(getLong(map(file), F_DATA_END)).as(file + " sealed").isNotZero();
        }
        Thread.sleep(50);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void withoutThePreparerRotationCreatesFilesItselfAndNoSpareIsMade() throws Exception {
        SpoolWriter writer = new SpoolWriter(dir, live, shared, 1024, 4, warnings::add, false);
        int i = 0;
        while (spoolFiles().size() < 2) {
            assertThat(append(writer, "record " + i++)).isEqualTo(SpoolWriter.WRITTEN);
        }
        Thread.sleep(50);
        assertThat(spoolFiles()).hasSize(2).allSatisfy(file -> assertThat(frames(map(file))).isNotEmpty());
        assertThat(writer.rotationsWithoutSpare()).isEqualTo(1);
    }
}
