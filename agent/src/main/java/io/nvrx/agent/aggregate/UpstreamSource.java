package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One upstream NVRx (Python) spool file, {@code rank_<local rank>_<prefix>.msg.<ms>}: text
 * records appended by the process, one header line each, continuation lines (a traceback)
 * following it. Read from a remembered position; a record is complete when the next header
 * line arrives or the file has been quiet for a moment.
 *
 * <p>Unlike upstream's own aggregator, this accepts {@code ?} ranks and file names such as
 * {@code <stdin>} or names with '-', and takes each record's time from its header (local time,
 * as Python's asctime prints it), mapped onto the node's monotonic clock so it merges with the
 * JVM records.
 */
final class UpstreamSource {
    /** The NVRx header; anything after "file:line " is the message. */
    static final Pattern HEADER = Pattern.compile(
            "^(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3}) \\[(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\\] "
                    + "\\[[^\\]]*\\] \\[workload:[0-9?]+\\([0-9?]+\\) infra:[0-9?]+\\([0-9?]+\\)\\] \\S+:\\d+( |$)");
    private static final long QUIET_NANOS = 100_000_000L;
    private static final long ACTIVE_NANOS = 2_000_000_000L;
    private static final int CHUNK = 1 << 20;
    private static final int HEAD_BYTES = 64;

    final String name;
    final Path path;
    final long order;
    private final ZoneId zone;
    /** Inode, checksum and length of the file's first bytes (see {@link #identity}). */
    private String fileKey;
    private long readPos;
    /** Start of the first record not yet in the node log (saved in the state). */
    long emittedPos;
    private ByteArrayOutputStream current;
    private long currentStart;
    /** Where the bytes of {@code current} end in the file (its text may have one more: a line break the file lacked). */
    private long currentEnd;
    private long currentKey;
    /** The last chunk read ended inside a line (longer than a chunk): the next one starts mid-line. */
    private boolean midLine;
    /** When the file's size last changed: a last line left without its line break that long is ended here. */
    private long lastSizeChange;
    /** The last read reached the end of the file in a line without its line break yet. */
    private boolean unendedTail;
    private long lastKey = Long.MIN_VALUE;
    private long lastGrowth;
    private long size;
    private boolean gone;

    UpstreamSource(String name, Path path, long order, ZoneId zone, DeliveryState.UpstreamEntry saved, long now) {
        this.name = name;
        this.path = path;
        this.order = order;
        this.zone = zone;
        this.lastGrowth = now;
        this.lastSizeChange = now;
        if (saved != null) {
            fileKey = saved.fileKey;
            readPos = saved.position;
            emittedPos = saved.position;
        }
    }

    /** Reads what was appended; complete records go to the pool. */
    int read(long now, long clockOffsetNanos, Consumer<Pending> pool) {
        BasicFileAttributes attributes;
        try {
            attributes = SafeFiles.attributes(path);
        } catch (IOException e) {
            attributes = null;
        }
        if (attributes == null || !attributes.isRegularFile()) {
            gone = true;
            return finishCurrent(pool);
        }
        long newSize = attributes.size();
        if (newSize != size) {
            lastSizeChange = now;
        }
        boolean endTail = now - lastSizeChange > ACTIVE_NANOS;
        boolean nothingToRead = readPos >= size || unendedTail && !endTail;
        if (newSize == size && fileKey != null && current == null && nothingToRead) {
            return 0; // nothing new (the common case: one stat, no read)
        }
        int count = 0;
        String identity = identity(attributes);
        if (identity == null) {
            return 0;
        }
        if (fileKey == null || !fileKey.equals(identity) || newSize < readPos) {
            count += finishCurrent(pool); // a new file under the old name: start over
            if (fileKey != null) {
                readPos = 0;
                emittedPos = 0;
            }
            fileKey = identity;
        }
        size = newSize;
        if (size > readPos) {
            count += readLines(now, clockOffsetNanos, pool, endTail);
        }
        if (current != null && now - lastGrowth > QUIET_NANOS) {
            count += finishCurrent(pool);
        }
        return count;
    }

    /**
     * The file's identity: its inode, and a checksum of its first bytes (up to 64, as many as
     * the file had when first seen). The inode alone is not enough: a file deleted and created
     * again often gets the same inode back.
     */
    private String identity(BasicFileAttributes attributes) {
        String inode = String.valueOf(attributes.fileKey());
        int length = (int) Math.min(HEAD_BYTES, attributes.size());
        if (fileKey != null && fileKey.startsWith(inode + "/")) {
            int known = headLength(fileKey);
            if (known >= 0 && attributes.size() >= known) {
                length = known; // the same bytes as when first seen, if it is the same file
            }
            // else shorter than its head was: another file under the old name and inode, which
            // its own (shorter) head tells apart
        }
        byte[] head = new byte[length];
        try (FileChannel channel = SafeFiles.openRegular(path, false)) {
            ByteBuffer buffer = ByteBuffer.wrap(head);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
                // read the head
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(head, 0, head.length);
        return inode + "/" + Long.toHexString(crc.getValue()) + "/" + length;
    }

    /** The head length at the end of a key; -1 if there is none (a key an older version saved). */
    private static int headLength(String key) {
        try {
            return Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /**
     * Reads the next chunk from the read position and takes its lines. A line longer than a
     * chunk is taken a chunk at a time (only its start can be a header). With {@code endTail},
     * when the file has not changed for a while, a last line without its line break (its writer
     * killed in the middle of it) is taken too, with a line break added: else the file would
     * never be drained, and the aggregator never stop.
     */
    private int readLines(long now, long clockOffsetNanos, Consumer<Pending> pool, boolean endTail) {
        byte[] bytes;
        try (FileChannel channel = SafeFiles.openRegular(path, false)) {
            int want = (int) Math.min(CHUNK, size - readPos);
            ByteBuffer buffer = ByteBuffer.allocate(want);
            while (buffer.hasRemaining() && channel.read(buffer, readPos + buffer.position()) > 0) {
                // read what is there
            }
            bytes = buffer.array();
            if (buffer.position() < want) {
                bytes = java.util.Arrays.copyOf(bytes, buffer.position());
            }
        } catch (IOException e) {
            return 0;
        }
        int count = 0;
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                count += take(bytes, lineStart, i + 1, false, now, clockOffsetNanos, pool);
                lineStart = i + 1;
            }
        }
        boolean atEnd = readPos + bytes.length >= size;
        if (lineStart < bytes.length && (bytes.length == CHUNK && lineStart == 0 || endTail && atEnd)) {
            // a chunk that is all one line, or the unended last line of a quiet file
            boolean unended = endTail && atEnd;
            count += take(bytes, lineStart, bytes.length, unended, now, clockOffsetNanos, pool);
            midLine = !unended;
            lineStart = bytes.length;
            if (midLine && current.size() >= CHUNK) {
                // A line of megabytes: delivered a piece at a time (each ended with a line break),
                // so the aggregator never holds more than a few megabytes of one record.
                current.write('\n');
                count += finishCurrent(pool);
            }
        }
        unendedTail = atEnd && lineStart < bytes.length;
        if (lineStart > 0) {
            readPos += lineStart;
            lastGrowth = now;
        }
        return count;
    }

    /** Takes the line {@code bytes[from, to)} (or a chunk of one); {@code addBreak}: end it with the line break the file lacks. */
    private int take(byte[] bytes, int from, int to, boolean addBreak, long now, long clockOffsetNanos,
                     Consumer<Pending> pool) {
        int count = 0;
        long lineOffset = readPos + from;
        boolean lineStarts = !midLine;
        midLine = false;
        int textEnd = to > from && bytes[to - 1] == '\n' ? to - 1 : to;
        java.util.regex.Matcher header = lineStarts
                ? HEADER.matcher(new String(bytes, from, textEnd - from, java.nio.charset.StandardCharsets.UTF_8))
                : null;
        if (header != null && header.find()) {
            count += finishCurrent(pool);
            current = new ByteArrayOutputStream(to - from + 1);
            currentStart = lineOffset;
            currentKey = Math.max(lastKey, key(header, clockOffsetNanos));
        } else if (current == null) {
            current = new ByteArrayOutputStream(to - from + 1); // lines before any header
            currentStart = lineOffset;
            currentKey = lastKey == Long.MIN_VALUE ? now : lastKey;
        }
        current.write(bytes, from, to - from);
        currentEnd = readPos + to;
        if (addBreak) {
            current.write('\n');
        }
        return count;
    }

    private long key(java.util.regex.Matcher h, long clockOffsetNanos) {
        try {
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(h.group(1)), Integer.parseInt(h.group(2)),
                    Integer.parseInt(h.group(3)), Integer.parseInt(h.group(4)), Integer.parseInt(h.group(5)),
                    Integer.parseInt(h.group(6)), Integer.parseInt(h.group(7)) * 1_000_000);
            long epochMillis = time.atZone(zone).toInstant().toEpochMilli();
            return epochMillis * 1_000_000L - clockOffsetNanos;
        } catch (RuntimeException e) {
            return lastKey == Long.MIN_VALUE ? System.nanoTime() : lastKey;
        }
    }

    private int finishCurrent(Consumer<Pending> pool) {
        if (current == null) {
            return 0;
        }
        byte[] text = current.toByteArray();
        lastKey = currentKey;
        pool.accept(new Pending(Pending.UPSTREAM_TEXT, currentKey, order, currentStart, currentEnd, 0, this, text));
        current = null;
        return 1;
    }

    /** Completes a record still waiting for continuation lines (the aggregator is stopping). */
    int forceComplete(Consumer<Pending> pool) {
        return finishCurrent(pool);
    }

    /** The earliest stamp this file may still deliver, given how recently it grew. */
    long bound(long now) {
        long bound = Long.MAX_VALUE;
        if (current != null) {
            bound = currentKey;
        }
        if (now - lastGrowth < ACTIVE_NANOS) {
            // A Python process stamps a record before writing it: allow for that delay.
            bound = Math.min(bound, now - 30_000_000L);
        }
        return bound;
    }

    void delivered(Pending record) {
        emittedPos = Math.max(emittedPos, record.extent);
    }

    /** Everything in the file is in the node log. */
    boolean drained() {
        return current == null && emittedPos >= readPos && readPos >= size;
    }

    boolean gone() {
        return gone;
    }

    DeliveryState.UpstreamEntry entry() {
        return new DeliveryState.UpstreamEntry(fileKey == null ? "" : fileKey, emittedPos);
    }

    /** Deletes the file once delivered (Python's writer recreates it on its next record). */
    void delete() {
        try {
            BasicFileAttributes now = SafeFiles.attributes(path);
            if (now != null && now.isRegularFile() && now.size() == emittedPos && fileKey != null
                    && fileKey.equals(identity(now))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // left for the next aggregator
        }
    }

    /** {@code rank_0_1234.msg.1700000000000} -> {@code rank_0_1234}: files of one writer. */
    String prefix() {
        int msg = name.lastIndexOf(".msg.");
        return msg < 0 ? name : name.substring(0, msg);
    }
}
