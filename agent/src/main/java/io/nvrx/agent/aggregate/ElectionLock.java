package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * An exclusive OS file lock that elects one holder among processes (the aggregator of a spool
 * directory; the reader of an upstream directory). The lock file holds the holder's pid, for
 * people and tests.
 *
 * <p>Two traps of Java file locks are handled here. A lock belongs to the whole JVM and closing
 * any channel on the file releases it: this class opens the file once and nothing else in the
 * aggregator opens it. And a holder that stops cleanly deletes the file while holding it, so a
 * contender may lock a file that no longer has a name: the contender compares the file at the
 * path before opening and after locking, and tries again if they differ.
 */
final class ElectionLock {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private ElectionLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Acquires the lock, trying for up to {@code waitMillis}; null if another process holds it. */
    static ElectionLock acquire(Path path, long waitMillis) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        for (int attempt = 0; ; attempt++) {
            ElectionLock held = tryOnce(path);
            if (held != null) {
                return held;
            }
            if (attempt == 0) {
                continue; // the first attempt may only have created the file
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static ElectionLock tryOnce(Path path) throws IOException {
        BasicFileAttributes before = SafeFiles.attributes(path);
        if (before != null && !before.isRegularFile()) {
            throw new SafeFiles.NotRegularFileException(path, SafeFiles.describe(before));
        }
        FileChannel channel = FileChannel.open(path, SafeFiles.options(StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS), SafeFiles.privateFile(path.getParent()));
        boolean keep = false;
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisJvm) {
                lock = null;
            }
            if (lock == null) {
                return null;
            }
            BasicFileAttributes after = SafeFiles.attributes(path);
            if (before == null || after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
                return null; // created or replaced meanwhile: we may hold a lock on a nameless file
            }
            byte[] note = ("aggregator " + ProcessHandle.current().pid() + " " + System.currentTimeMillis() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(note), 0);
            keep = true;
            return new ElectionLock(path, channel, lock);
        } finally {
            if (!keep) {
                channel.close(); // also releases a lock taken above
            }
        }
    }

    /** Releases the lock and deletes the file (a clean stop leaves no lock file behind). */
    void releaseAndDelete() {
        try {
            Files.deleteIfExists(path); // while still holding it: see the class comment
        } catch (IOException ignored) {
            // released below all the same
        }
        release();
    }

    /** Releases the lock, keeping the file. */
    void release() {
        NodeLog.releaseQuietly(lock, channel);
    }
}
