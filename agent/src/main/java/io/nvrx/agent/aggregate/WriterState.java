package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.ControlBlock;
import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the aggregator knows of one writing process: its control block (ranks, drop count,
 * closed flag), whether it is alive, and its spool files.
 *
 * <p>Alive means its live file is locked: a writer holds an exclusive lock on it for its whole
 * life, and the OS drops the lock when the process dies, however it dies. The aggregator asks
 * with a shared lock and lets it go at once. It opens each live file once (Java releases a
 * JVM's locks on a file when any of its channels on that file is closed).
 */
final class WriterState {
    static final int ACTIVE = 0;
    /** Its last records are read; its closing record is in the pool. */
    static final int ENDING = 1;
    /** Its closing record is in the node log; its files go once the state is saved. */
    static final int ENDED = 2;

    final String processId;
    final long pid;
    final Path livePath;
    private final FileChannel liveChannel;
    final ControlBlock control;
    final List<SpoolSource> sources = new ArrayList<>();
    boolean dead;
    long lastProbe = Aggregator.NEVER;
    long stuckSince = -1;
    /** The poll that first saw the process gone or closed; -1 while it runs. */
    long endSeenAtPoll = -1;
    long dropsReported;
    boolean endReported;
    int phase = ACTIVE;

    private WriterState(String processId, Path livePath, FileChannel liveChannel, ControlBlock control) {
        this.processId = processId;
        this.pid = Long.parseLong(processId.substring(0, processId.indexOf('-')));
        this.livePath = livePath;
        this.liveChannel = liveChannel;
        this.control = control;
        this.dead = liveChannel == null;
    }

    /** Opens the process's live file (if it has one: without one, the process is gone). */
    static WriterState open(Path spoolDir, String processId, DeliveryState.WriterEntry saved) {
        Path live = spoolDir.resolve(SpoolLayout.liveName(processId));
        FileChannel channel = null;
        ControlBlock control = null;
        try {
            channel = SafeFiles.openRegular(live, false);
            if (channel.size() >= ControlBlock.SIZE) {
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, ControlBlock.SIZE);
                if (ControlBlock.valid(map)) {
                    control = new ControlBlock(map);
                }
            }
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // treated as gone
                }
            }
            channel = null;
        }
        WriterState writer = new WriterState(processId, live, channel, control);
        if (saved != null) {
            writer.dropsReported = saved.dropsReported;
            writer.endReported = saved.endReported;
        }
        return writer;
    }

    /** Asks the OS whether the process still holds its live file's lock. */
    void probe(long now) {
        lastProbe = now;
        if (dead) {
            return;
        }
        try {
            FileLock lock = liveChannel.tryLock(0, Long.MAX_VALUE, true);
            if (lock != null) {
                lock.release();
                dead = true;
            }
        } catch (OverlappingFileLockException | IOException e) {
            // cannot tell: assume alive, ask again later
        }
    }

    boolean closed() {
        return control != null && control.closed();
    }

    long droppedTotal() {
        return control == null ? dropsReported : control.dropped();
    }

    int[] ranks() {
        if (control == null) {
            return NoteFormatter.UNKNOWN_RANKS;
        }
        return new int[] {control.rank(0), control.rank(1), control.rank(2), control.rank(3)};
    }

    String nodeId() {
        return control == null ? null : control.nodeId();
    }

    /**
     * Its last records are all read: it is gone, or closed and every file sealed and drained.
     *
     * <p>Never in the poll that first sees it gone or closed: that poll read the directory-change
     * counter before it looked, so the process may have created one more file (and written into
     * it) after this poll's listing. The next poll reads the counter after the end was seen, and
     * lists the directory if the counter moved; only then are all its files known. Ending it
     * earlier would delete its known files, leave the unknown one to a later aggregator, and put
     * that file's records into the node log late, out of time order.
     *
     * @param poll the number of the current poll
     */
    boolean finished(long poll) {
        if (!dead && !closed()) {
            return false;
        }
        if (endSeenAtPoll < 0) {
            endSeenAtPoll = poll;
        }
        if (poll == endSeenAtPoll) {
            return false;
        }
        for (SpoolSource source : sources) {
            if (!source.drained()) {
                return false;
            }
            if (!dead && !source.generationDelivered() && source.damage == null) {
                return false;
            }
        }
        return true;
    }

    long maxKey() {
        long max = Long.MIN_VALUE;
        for (SpoolSource source : sources) {
            max = Math.max(max, source.maxKey);
        }
        return max;
    }

    long incomplete() {
        long n = 0;
        for (SpoolSource source : sources) {
            n += source.incomplete;
        }
        return n;
    }

    /** Removes the process's files: spool files first, the live file last. */
    void deleteFiles() {
        for (SpoolSource source : sources) {
            source.delete();
        }
        try {
            Files.deleteIfExists(livePath);
        } catch (IOException ignored) {
            // a later aggregator finds it unlocked and with nothing left to deliver
        }
        closeChannel();
    }

    void closeChannel() {
        if (liveChannel != null) {
            try {
                liveChannel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
