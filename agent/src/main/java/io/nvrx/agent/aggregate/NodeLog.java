package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The node log, {@code nvrx_log_<node>.log}, appended to by one aggregator at a time (it holds
 * an OS lock on the file; an aggregator of another job that finds it held writes to a name with
 * its job instead).
 *
 * <p>Exactly once: the aggregator saves the log's length with its read positions after each
 * batch. On restart the log is cut back to the saved length, so a batch written after the last
 * save (whose records will be read again) appears once. The aggregator only ever appends, so
 * cutting back removes only its own unsaved tail.
 *
 * <p>Optional rotation by size: {@code .log} becomes {@code .log.1}, {@code .1} becomes
 * {@code .2}, and so on; the oldest beyond the count is deleted.
 */
final class NodeLog {
    private final long maxBytes;
    private final int maxFiles;
    private Path path;
    private FileChannel channel;
    private FileLock lock;
    private long length;
    private String fileKey;
    /** Set when opening found something worth telling in the log itself. */
    String openNote;

    private NodeLog(long maxBytes, int maxFiles) {
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    /**
     * Opens the node log: the one named in the saved state if any, else {@code preferred}, else
     * (held by another aggregator) {@code fallback}; and cuts it back to the saved length.
     */
    static NodeLog open(Path preferred, Path fallback, DeliveryState saved, long maxBytes, int maxFiles) throws IOException {
        NodeLog log = new NodeLog(maxBytes, maxFiles);
        Path first = saved.logPath != null ? java.nio.file.Paths.get(saved.logPath) : preferred;
        if (!log.openAt(first)) {
            if (!log.openAt(fallback)) {
                throw new IOException("both " + first + " and " + fallback + " are held by other aggregators");
            }
            log.openNote = "the node log " + first + " is written by another aggregator (another job?); "
                    + "this one writes " + fallback;
        }
        if (log.path.toString().equals(saved.logPath) && log.fileKey.equals(saved.logKey)) {
            if (saved.logLength <= log.length) {
                log.channel.truncate(saved.logLength); // drop a batch written after the last save
                log.length = saved.logLength;
                return log; // a saved length is always at the end of a record
            }
            log.openNote = "the node log " + log.path + " is shorter than this aggregator left it ("
                    + log.length + " < " + saved.logLength + " bytes): someone cut it";
        }
        log.endLastLine();
        return log;
    }

    /**
     * A log we know nothing about may end in the middle of a line (a writer killed in the middle
     * of a write, someone else's file): our first record starts on a line of its own, instead of
     * being glued to that fragment where no reader (or grep) would find it.
     */
    private void endLastLine() throws IOException {
        if (length == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        if (channel.read(last, length - 1) == 1 && last.get(0) != '\n') {
            append(ByteBuffer.wrap(new byte[] {'\n'}));
        }
    }

    /** Opens and locks {@code target}; false if another aggregator holds it. */
    private boolean openAt(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent != null && SafeFiles.attributes(parent) == null) {
            Files.createDirectories(parent, SafeFiles.privateDirectory(parent.getParent() == null ? parent : parent.getParent()));
        }
        BasicFileAttributes existing = SafeFiles.attributes(target);
        if (existing != null && !existing.isRegularFile()) {
            throw new SafeFiles.NotRegularFileException(target, SafeFiles.describe(existing));
        }
        FileChannel opened = FileChannel.open(target, SafeFiles.options(StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS));
        FileLock taken;
        try {
            taken = opened.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            taken = null;
        }
        if (taken == null) {
            opened.close();
            return false;
        }
        BasicFileAttributes attributes = SafeFiles.attributes(target);
        path = target;
        channel = opened;
        lock = taken;
        length = opened.size();
        fileKey = attributes == null ? "" : String.valueOf(attributes.fileKey());
        return true;
    }

    /** Appends the buffer's remaining bytes. */
    void append(ByteBuffer bytes) throws IOException {
        long size = channel.size();
        if (size < length) {
            length = size; // cut from outside (copytruncate rotation): append at its new end
        }
        while (bytes.hasRemaining()) {
            length += channel.write(bytes, length);
        }
    }

    /**
     * True if a record of {@code bytes} would take the file past the rotation size, with
     * {@code pending} bytes already waiting to be appended (never for the file's first record).
     */
    boolean wouldRotate(long pending, long bytes) {
        long before = length + pending;
        return maxBytes > 0 && before > 0 && before + bytes > maxBytes;
    }

    /** Rotates: the current file becomes {@code .1} and a new, empty log starts. */
    void rotate() throws IOException {
        Path current = path;
        lock.release();
        channel.close();
        Files.deleteIfExists(numbered(current, maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path from = numbered(current, i);
            if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, numbered(current, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(current, numbered(current, 1), StandardCopyOption.REPLACE_EXISTING);
        if (!openAt(current)) {
            throw new IOException("cannot lock the new node log " + current);
        }
    }

    private static Path numbered(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    Path path() {
        return path;
    }

    long length() {
        return length;
    }

    String fileKey() {
        return fileKey;
    }

    void close() {
        releaseQuietly(lock, channel);
    }

    /** Releases a file lock and closes its channel (which releases it too), ignoring failures. */
    static void releaseQuietly(java.nio.channels.FileLock lock, java.nio.channels.FileChannel channel) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
