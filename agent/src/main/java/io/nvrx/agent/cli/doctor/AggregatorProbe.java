package io.nvrx.agent.cli.doctor;

import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Whether an aggregator holds a spool directory's {@link SpoolLayout#AGGREGATOR_LOCK}, asked
 * without disturbing it.
 *
 * <p>The aggregator holds an exclusive OS lock on the file for its whole life (aggregate/ElectionLock)
 * and writes {@code aggregator <pid> <epoch ms>} into it; a rank about to start one writes
 * {@code spawning <pid> <epoch ms>} (spool/AggregatorSpawner). The probe opens the file read-only,
 * never creating it, and asks for a <em>shared</em> lock: refused while an aggregator lives;
 * granted otherwise and released at once. Java file locks are per JVM and closing any channel on
 * the file drops them: harmless here, since the doctor's JVM holds no other lock and opens each
 * lock file once. A rank or aggregator that probes in the same microseconds merely sees the
 * file busy and checks again a second later.
 */
final class AggregatorProbe {
    /** A "spawning" note younger than this means an aggregator is starting (as AggregatorSpawner counts it). */
    private static final long SPAWN_NOTE_VALID_MILLIS = 5000;

    enum State { ALIVE, STARTING, NOT_RUNNING, NO_LOCK_FILE, UNKNOWN }

    final State state;
    /** The pid written in the lock file, or -1. */
    final long pid;
    /** Why the state is UNKNOWN. */
    final String problem;

    private AggregatorProbe(State state, long pid, String problem) {
        this.state = state;
        this.pid = pid;
        this.problem = problem;
    }

    static AggregatorProbe of(Path spoolDir) {
        Path lockFile = spoolDir.resolve(SpoolLayout.AGGREGATOR_LOCK);
        try {
            if (SafeFiles.attributes(lockFile) == null) {
                return new AggregatorProbe(State.NO_LOCK_FILE, -1, null);
            }
            try (FileChannel channel = SafeFiles.openRegular(lockFile, false)) {
                String note = read(channel);
                FileLock lock;
                try {
                    lock = channel.tryLock(0, Long.MAX_VALUE, true);
                } catch (OverlappingFileLockException inThisJvm) {
                    lock = null; // cannot happen in the doctor's JVM; counts as held
                }
                if (lock == null) {
                    return new AggregatorProbe(State.ALIVE, pidIn(note, "aggregator "), null);
                }
                lock.release();
                long spawner = pidIn(note, "spawning ");
                if (spawner >= 0 && Math.abs(System.currentTimeMillis() - timeIn(note)) < SPAWN_NOTE_VALID_MILLIS) {
                    return new AggregatorProbe(State.STARTING, spawner, null);
                }
                return new AggregatorProbe(State.NOT_RUNNING, pidIn(note, "aggregator "), null);
            }
        } catch (IOException | RuntimeException e) {
            return new AggregatorProbe(State.UNKNOWN, -1, lockFile + ": " + e);
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(256);
        channel.read(content, 0);
        return new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).trim();
    }

    private static long pidIn(String note, String prefix) {
        if (!note.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(note.split(" ")[1]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long timeIn(String note) {
        try {
            return Long.parseLong(note.split(" ")[2]);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
