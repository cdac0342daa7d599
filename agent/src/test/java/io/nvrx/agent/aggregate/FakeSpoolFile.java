package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.nvrx.agent.spool.SpoolFormat.*;

/** Writes spool files frame by frame, as a writer would (or as a dying one would), for reader tests. */
final class FakeSpoolFile {
    final Path path;
    final MappedByteBuffer map;
    private final int capacity;
    private int cursor = FILE_HEADER;
    private long seq;

    private FakeSpoolFile(Path path, MappedByteBuffer map, int capacity) {
        this.path = path;
        this.map = map;
        this.capacity = capacity;
    }

    /** A file of process {@code <pid>-<start>}. */
    static FakeSpoolFile create(Path dir, long pid, long start, int index, int capacity) throws IOException {
        Path path = dir.resolve(SpoolLayout.binName(pid + "-" + start, index));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            setInt(map, F_MAGIC, FILE_MAGIC);
            setInt(map, F_VERSION, VERSION);
            setLong(map, F_PID, pid);
            setLong(map, F_START, start);
            setLong(map, F_CURSOR, FILE_HEADER);
            setLong(map, F_GENERATION, 1);
            setInt(map, F_CAPACITY, capacity);
            return new FakeSpoolFile(path, map, capacity);
        }
    }

    /** Reserves a frame (writes its RESERVED word) and returns its position. */
    int reserve(String text) {
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        int at = cursor;
        cursor += frameSize(length);
        setLong(map, F_CURSOR, cursor);
        setInt(map, at + W_WORD, STATE_RESERVED | length);
        return at;
    }

    /** Fills and commits a reserved frame. */
    void commit(int at, long mono, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        setLong(map, at + W_SEQ, ++seq);
        setLong(map, at + W_MONO, mono);
        setLong(map, at + W_EPOCH, mono / 1_000_000L);
        setInt(map, at + W_KIND, KIND_TEXT);
        ByteBuffer view = map.duplicate();
        view.position(at + FRAME_HEADER);
        view.put(bytes);
        setIntRelease(map, at + W_WORD, STATE_COMMITTED | bytes.length);
    }

    int append(long mono, String text) {
        int at = reserve(text);
        commit(at, mono, text);
        return at;
    }

    /**
     * A frame whose writer died between reserving and writing its word: the cursor covers it, its
     * payload may even be there, but its word is still zero.
     */
    int torn(String payloadLeftBehind) {
        int at = reserve(payloadLeftBehind);
        setInt(map, at + W_WORD, 0);
        ByteBuffer view = map.duplicate();
        view.position(at + FRAME_HEADER);
        view.put(payloadLeftBehind.getBytes(StandardCharsets.UTF_8));
        return at;
    }

    void seal() {
        setLongRelease(map, F_DATA_END, cursor);
        setLong(map, F_CURSOR, capacity + 1L + cursor);
    }

    /** As an aggregator does once the current generation is in the node log (and saved). */
    void markDelivered() {
        setLongRelease(map, F_DELIVERED_GENERATION, getLong(map, F_GENERATION));
    }

    long deliveredGeneration() {
        return getLong(map, F_DELIVERED_GENERATION);
    }
}
