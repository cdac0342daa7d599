package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SpoolFormat;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files that a process killed at the wrong moment leaves in the spool directory, and that no
 * other rule removes: the temporary file of a spool or live file it was creating ({@code *.tmp},
 * renamed or linked into place only once complete), and an empty spool file it created just
 * before it died, after the aggregator had already closed its account. None holds a record.
 * Each is removed once its process is known to be gone, so the directory is left empty at the end.
 */
final class Leftovers {
    private static final String TEMP_SUFFIX = ".tmp";
    /** A writer links its live file within moments of creating its temporary file; this is ample. */
    private static final long ORPHAN_AGE_MILLIS = 10_000L;

    private Leftovers() {}

    static boolean isTemporary(String name) {
        return name.startsWith(SpoolLayout.SPOOL_PREFIX) && name.endsWith(TEMP_SUFFIX);
    }

    /** The process id in a temporary file's name, or null if it is not one of ours. */
    static String processOfTemporary(String name) {
        SpoolLayout.Name parsed = SpoolLayout.parse(name.substring(0, name.length() - TEMP_SUFFIX.length()));
        return parsed == null ? null : parsed.processId;
    }

    /**
     * The temporary live file of a process that died before linking it: nobody else knows the
     * process, so its death shows only as the temporary file being unlocked (its writer locks it
     * at creation) and old.
     */
    static boolean orphanedLiveTemporary(Path path) {
        String name = path.getFileName().toString();
        if (!name.endsWith(SpoolLayout.LIVE_SUFFIX + TEMP_SUFFIX)) {
            return false;
        }
        try {
            BasicFileAttributes attributes = SafeFiles.attributes(path);
            if (attributes == null || !attributes.isRegularFile()
                    || System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() < ORPHAN_AGE_MILLIS) {
                return false;
            }
            try (FileChannel channel = SafeFiles.openRegular(path, false)) {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
                if (lock == null) {
                    return false; // its writer holds it: alive
                }
                lock.release();
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    /** True if a spool file holds no frame (its cursor never moved): nothing in it to deliver. */
    static boolean holdsNoFrame(Path path) {
        try (FileChannel channel = SafeFiles.openRegular(path, false)) {
            ByteBuffer header = ByteBuffer.allocate(SpoolFormat.FILE_HEADER).order(SpoolFormat.ORDER);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // read the whole header
            }
            return !header.hasRemaining()
                    && header.getInt(SpoolFormat.F_MAGIC) == SpoolFormat.FILE_MAGIC
                    && header.getLong(SpoolFormat.F_CURSOR) == SpoolFormat.FILE_HEADER;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a leftover; a failure leaves it for a later aggregator. */
    static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // left behind; harmless
        }
    }
}
