package io.nvrx.agent.cli.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One followed file, as {@code tail -F} follows it: by name, so that a file replaced by log
 * rotation is reopened from its start (after the old one is read to its end), a file cut
 * short is read again from its start, and a file that does not exist yet is waited for.
 * New bytes collect in {@link #pending()} until the follower takes whole records from it.
 */
final class TailedFile {
    /** Beyond this, bytes that never end a line are handed out as they are. */
    static final int MAX_PENDING = 8 * 1024 * 1024;

    final Path path;
    final int index;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    private long lastGrowthNanos = System.nanoTime();
    private boolean announcedMissing;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);

    TailedFile(Path path, int index) {
        this.path = path;
        this.index = index;
    }

    /** Opens the file if it exists; {@code atEnd} skips what it holds already. */
    void openInitially(boolean atEnd, Consumer<String> notes) throws IOException {
        if (open(notes) && atEnd) {
            position = channel.size();
        }
    }

    private boolean open(Consumer<String> notes) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                if (!announcedMissing) {
                    notes.accept(path + " is not a regular file; waiting for one");
                    announcedMissing = true;
                }
                return false;
            }
            channel = FileChannel.open(path, StandardOpenOption.READ);
            fileKey = attributes.fileKey();
            position = 0;
            announcedMissing = false;
            return true;
        } catch (NoSuchFileException e) {
            if (!announcedMissing) {
                notes.accept(path + " does not exist (yet); waiting for it");
                announcedMissing = true;
            }
            return false;
        }
    }

    /** Reads what was appended; handles rotation and truncation. True if bytes arrived. */
    boolean poll(Consumer<String> notes) throws IOException {
        if (channel == null) {
            if (!open(notes)) {
                return false;
            }
            notes.accept(path + " appeared; following it");
        }
        boolean grew = drain();
        Object currentKey = currentKey();
        if (currentKey == null) {
            return grew; // removed: keep the old file until a new one appears
        }
        if (!Objects.equals(currentKey, fileKey)) {
            if (position < channel.size()) {
                return true; // the old file is read to its end first (a read at a time: see drain)
            }
            endPartialLine();
            channel.close();
            channel = null;
            notes.accept(path + " was replaced (rotated); following the new file from its start");
            if (open(notes)) {
                grew |= drain();
            }
        } else if (channel.size() < position) {
            notes.accept(path + " was truncated; reading it again from its start");
            endPartialLine(); // what was read before the cut is kept, whole
            position = 0;
            grew |= drain();
        }
        if (grew) {
            lastGrowthNanos = System.nanoTime();
        }
        return grew;
    }

    private Object currentKey() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The old file (rotated away, or cut) ended in the middle of a line: that line is ended
     * here, so the next file's first record starts on a line of its own, not glued to it.
     */
    private void endPartialLine() {
        if (pendingLength > 0 && pending[pendingLength - 1] != '\n') {
            if (pendingLength == pending.length) {
                pending = Arrays.copyOf(pending, pending.length + 1);
            }
            pending[pendingLength++] = '\n';
        }
    }

    /**
     * Reads what is there, up to about {@link #MAX_PENDING} bytes held: a big file followed
     * from its start is read a piece at a time as the follower writes it out, never whole.
     */
    private boolean drain() throws IOException {
        boolean any = false;
        while (pendingLength < MAX_PENDING) {
            readBuffer.clear();
            int n = channel.read(readBuffer, position);
            if (n <= 0) {
                return any;
            }
            any = true;
            position += n;
            if (pendingLength + n > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + n));
            }
            System.arraycopy(readBuffer.array(), 0, pending, pendingLength, n);
            pendingLength += n;
        }
        return any;
    }

    /** The file holds more than was read (the last read stopped at the bound). */
    boolean behind() throws IOException {
        return channel != null && position < channel.size();
    }

    byte[] pending() {
        return pending;
    }

    int pendingLength() {
        return pendingLength;
    }

    /** Drops the first {@code n} pending bytes (they were written out). */
    void consume(int n) {
        System.arraycopy(pending, n, pending, 0, pendingLength - n);
        pendingLength -= n;
        if (pending.length > 1024 * 1024 && pendingLength < 64 * 1024) {
            pending = Arrays.copyOf(pending, 64 * 1024);
        }
    }

    long quietNanos() {
        return System.nanoTime() - lastGrowthNanos;
    }

    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
