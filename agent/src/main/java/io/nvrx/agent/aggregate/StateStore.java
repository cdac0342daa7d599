package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Where the aggregator keeps its {@link DeliveryState}: two slot files,
 * {@code nvrx-aggregator.state} and {@code nvrx-aggregator.state.2}, written in turn, in place,
 * through a memory map.
 *
 * <p>Why not a temporary file renamed over the old one, as before: the aggregator saves every
 * 20 ms, and on a busy ext4 disk each create-and-rename waited for the file system's journal,
 * 7 ms on average and up to 37 ms, on the thread that merges the node's records. A write into
 * a mapped page is a memory copy; the kernel writes it back later (a kill -9 loses nothing: the
 * page cache survives it, as the spool files' records do).
 *
 * <p>Why two slots: a save killed half-way leaves a slot that fails its check, and the other
 * slot still holds the previous state, whose node log length is shorter. The successor cuts
 * the log back to it and reads that batch again; files are released to their writers only
 * after a save completes, so none of them was reused meanwhile.
 *
 * <p>A slot is text a person can read: a header line, then the state's lines.
 * <pre>
 *   nvrx-aggregator-state 2 seq=&lt;16 hex&gt; len=&lt;8 hex&gt; crc=&lt;8 hex&gt;
 *   log ... / file ... / writer ... / upstream ...   (see DeliveryState)
 * </pre>
 * {@code len} bytes of state follow the header, checked by their CRC-32; bytes after them are
 * left over from a longer earlier state. The header is written last. A state saved by an older
 * aggregator (one file, header {@code nvrx-aggregator-state 1}) is read too.
 */
final class StateStore {
    private static final String SECOND_SLOT_SUFFIX = ".2";
    private static final String MAGIC = "nvrx-aggregator-state 2 ";
    private static final String LEGACY_HEADER = "nvrx-aggregator-state 1\n";
    /** "nvrx-aggregator-state 2 seq=0123456789abcdef len=01234567 crc=01234567\n" */
    static final int HEADER_BYTES = MAGIC.length() + 4 + 16 + 5 + 8 + 5 + 8 + 1;
    private static final int INITIAL_CAPACITY = 64 << 10;

    private final Path[] paths;
    private final FileChannel[] channels = new FileChannel[2];
    private final MappedByteBuffer[] maps = new MappedByteBuffer[2];
    private long sequence;

    StateStore(Path first) {
        this.paths = new Path[] {first, first.resolveSibling(first.getFileName() + SECOND_SLOT_SUFFIX)};
    }

    /**
     * The newest complete state; an empty one if no slot exists. Throws if slots exist but none
     * of them holds a complete state.
     */
    DeliveryState load() throws IOException {
        DeliveryState newest = null;
        long newestSequence = -1;
        IOException damage = null;
        for (Path path : paths) {
            if (SafeFiles.attributes(path) == null) {
                continue;
            }
            try {
                byte[] bytes = readAll(path);
                long slotSequence = sequenceOf(bytes, path);
                DeliveryState state = DeliveryState.decode(payloadOf(bytes, path), path.toString());
                if (slotSequence > newestSequence) {
                    newest = state;
                    newestSequence = slotSequence;
                }
            } catch (IOException damaged) {
                damage = damaged; // the other slot may hold the previous state
            }
        }
        if (newest == null) {
            if (damage != null) {
                throw damage;
            }
            return new DeliveryState();
        }
        sequence = newestSequence;
        return newest;
    }

    /** Writes the state into the slot not holding the newest one. */
    void save(DeliveryState state) throws IOException {
        byte[] payload = state.encode();
        long next = sequence + 1;
        int slot = (int) ((next - 1) & 1); // the first save goes to nvrx-aggregator.state
        MappedByteBuffer map = slotMap(slot, HEADER_BYTES + payload.length);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer view = map.duplicate();
        view.position(HEADER_BYTES);
        view.put(payload);
        String header = MAGIC + String.format("seq=%016x len=%08x crc=%08x\n", next, payload.length, crc.getValue());
        view.position(0);
        view.put(header.getBytes(StandardCharsets.US_ASCII)); // last: until now the slot failed its check
        sequence = next;
    }

    /** Unmaps nothing (the JVM does at exit), closes the channels and deletes both slots. */
    void deleteAll() throws IOException {
        close();
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    void close() {
        for (int i = 0; i < 2; i++) {
            if (channels[i] != null) {
                try {
                    channels[i].close();
                } catch (IOException ignored) {
                    // the mapping stays valid until the JVM drops it
                }
                channels[i] = null;
                maps[i] = null;
            }
        }
    }

    /** The slot's map, at least {@code bytes} long; opened (and a planted link replaced) on first use. */
    private MappedByteBuffer slotMap(int slot, int bytes) throws IOException {
        if (channels[slot] == null) {
            channels[slot] = openOwnFile(paths[slot]);
        }
        MappedByteBuffer map = maps[slot];
        if (map == null || map.capacity() < bytes) {
            long capacity = Math.max(INITIAL_CAPACITY, Long.highestOneBit(Math.max(1, bytes - 1)) << 1);
            if (channels[slot].size() < capacity) {
                channels[slot].write(ByteBuffer.wrap(new byte[] {'\n'}), capacity - 1); // grow it (rare)
            }
            map = channels[slot].map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            maps[slot] = map;
        }
        return map;
    }

    /**
     * Opens a slot for writing in place. Whatever else sits at its name (a link planted there,
     * a FIFO, a file with a second name) is removed first: a write must never go through it.
     */
    private static FileChannel openOwnFile(Path path) throws IOException {
        java.nio.file.attribute.BasicFileAttributes existing = SafeFiles.attributes(path);
        if (existing != null && (!existing.isRegularFile() || linkCount(path) != 1)) {
            Files.delete(path);
        }
        FileChannel channel = FileChannel.open(path, SafeFiles.options(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), SafeFiles.privateFile(path.getParent()));
        java.nio.file.attribute.BasicFileAttributes opened = SafeFiles.attributes(path);
        if (opened == null || !opened.isRegularFile() || linkCount(path) != 1) {
            channel.close();
            throw new IOException(path + " was replaced while being opened");
        }
        return channel;
    }

    private static int linkCount(Path path) {
        try {
            Object count = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return count instanceof Integer ? (Integer) count : 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // no such attribute here (not a Unix file system)
        }
    }

    private static byte[] readAll(Path path) throws IOException {
        try (FileChannel channel = SafeFiles.openRegular(path, false)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(64 << 20, channel.size()));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read it all
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /** The slot's sequence number (0 for an older aggregator's one-file state). */
    private static long sequenceOf(byte[] bytes, Path path) throws IOException {
        if (startsWith(bytes, LEGACY_HEADER)) {
            return 0;
        }
        String header = header(bytes, path);
        try {
            return Long.parseUnsignedLong(field(header, "seq="), 16);
        } catch (RuntimeException e) {
            throw new IOException(path + " has a damaged header");
        }
    }

    /** The state's text, once its length and CRC check out. */
    private static String payloadOf(byte[] bytes, Path path) throws IOException {
        if (startsWith(bytes, LEGACY_HEADER)) {
            return new String(bytes, LEGACY_HEADER.length(), bytes.length - LEGACY_HEADER.length(), StandardCharsets.UTF_8);
        }
        String header = header(bytes, path);
        int length;
        long expected;
        try {
            length = Integer.parseInt(field(header, "len="), 16);
            expected = Long.parseLong(field(header, "crc="), 16);
        } catch (RuntimeException e) {
            throw new IOException(path + " has a damaged header");
        }
        if (length < 0 || HEADER_BYTES + length > bytes.length) {
            throw new IOException(path + " is shorter than its header says (a save cut short)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER_BYTES, length);
        if (crc.getValue() != expected) {
            throw new IOException(path + " fails its check (a save cut short)");
        }
        return new String(bytes, HEADER_BYTES, length, StandardCharsets.UTF_8);
    }

    private static String header(byte[] bytes, Path path) throws IOException {
        if (bytes.length < HEADER_BYTES || !startsWith(bytes, MAGIC)) {
            throw new IOException(path + " is not an aggregator state file");
        }
        return new String(bytes, 0, HEADER_BYTES, StandardCharsets.US_ASCII);
    }

    private static String field(String header, String name) {
        int at = header.indexOf(name) + name.length();
        int end = header.indexOf(' ', at);
        return header.substring(at, end < 0 ? header.length() - 1 : end);
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        if (bytes.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
