package io.nvrx.agent.cli.doctor;

import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SpoolFormat;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What waits in one spool directory, read from the spool files' headers (SpoolFormat) without
 * mapping or changing them: the processes that spool there (their {@code .live} files), their
 * spool files, and those not yet marked delivered by an aggregator with the bytes of records
 * they hold. A running process's current file counts as not delivered until it is sealed and
 * delivered, so a live job always shows a small backlog; one that only grows means no
 * aggregator keeps up. A file that holds no frame yet (the empty spare a process makes ready
 * ahead of need) is counted apart: it is neither backlog nor a file of records.
 */
final class SpoolBacklog {
    int processes;
    int files;
    int undeliveredFiles;
    /** Files that hold no frame yet (a spare made ready ahead of need, or a process that logged nothing). */
    int empty;
    long undeliveredBytes;
    /** Files named like ours whose header is not one (damaged, or replaced by something else). */
    int unreadable;

    static SpoolBacklog of(Path spoolDir) throws IOException {
        SpoolBacklog backlog = new SpoolBacklog();
        Set<String> processIds = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(spoolDir)) {
            for (Path entry : entries) {
                SpoolLayout.Name name = SpoolLayout.parse(entry.getFileName().toString());
                if (name == null) {
                    continue;
                }
                if (name.isLive()) {
                    processIds.add(name.processId);
                } else {
                    backlog.addFile(entry);
                }
            }
        }
        backlog.processes = processIds.size();
        return backlog;
    }

    /** Reads one spool file's header: counted as empty, unreadable, or a file of records. */
    private void addFile(Path file) {
        ByteBuffer header = ByteBuffer.allocate(SpoolFormat.FILE_HEADER).order(SpoolFormat.ORDER);
        try (FileChannel channel = SafeFiles.openRegular(file, false)) {
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // a header is 64 bytes: one read in practice
            }
        } catch (IOException | RuntimeException e) {
            files++;
            unreadable++;
            return;
        }
        if (header.hasRemaining() || SpoolFormat.getInt(header, SpoolFormat.F_MAGIC) != SpoolFormat.FILE_MAGIC) {
            files++;
            unreadable++;
            return;
        }
        if (SpoolFormat.getLong(header, SpoolFormat.F_CURSOR) == SpoolFormat.FILE_HEADER) {
            empty++;
            return;
        }
        files++;
        long generation = SpoolFormat.getLong(header, SpoolFormat.F_GENERATION);
        long delivered = SpoolFormat.getLong(header, SpoolFormat.F_DELIVERED_GENERATION);
        if (delivered >= generation) {
            return;
        }
        undeliveredFiles++;
        long capacity = SpoolFormat.getInt(header, SpoolFormat.F_CAPACITY);
        long end = Math.min(SpoolFormat.getLong(header, SpoolFormat.F_CURSOR), capacity);
        undeliveredBytes += Math.max(0, end - SpoolFormat.FILE_HEADER);
    }

    boolean empty() {
        return processes == 0 && files == 0 && empty == 0;
    }

    @Override
    public String toString() {
        return undeliveredFiles + " spool file(s) not yet delivered (" + undeliveredBytes + " bytes of records) of "
                + files + " in all, " + processes + " process(es) spooling"
                + (unreadable > 0 ? ", " + unreadable + " unreadable" : "")
                + (empty > 0 ? ", " + empty + " empty (made ready for the next records)" : "");
    }
}
