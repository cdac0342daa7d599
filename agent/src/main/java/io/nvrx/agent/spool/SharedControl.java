package io.nvrx.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code nvrx-shared.ctl}: 64 bytes that every writer and the aggregator of a spool directory map.
 * <pre>
 *   0 int magic "NVRC"   4 int version
 *   8 long clock offset: epoch nanoseconds minus System.nanoTime (CLOCK_MONOTONIC)
 *  16 long directory changes: +1 each time a writer creates a file
 * </pre>
 * <b>One clock for the node.</b> Records are ordered by their monotonic stamp, and the time
 * printed in a record is that stamp plus this one offset, shared by all processes. The printed
 * time is therefore a non-decreasing function of the order: no two records can appear out of
 * time order, whatever threads stall where. When the wall clock is stepped, a writer or the
 * aggregator that sees the offset off by more than {@link #STEP_NANOS} publishes a new one.
 *
 * <p><b>Directory changes.</b> A writer bumps the counter after creating a file and before
 * writing into it; the aggregator lists the directory only when the counter moved, instead of
 * on every poll, and still never misses a file whose records it must wait for.
 *
 * <p>JDK types only: shared with the aggregator.
 */
public final class SharedControl {
    static final int MAGIC = 0x4E565243; // "NVRC"
    static final int SIZE = 64;
    private static final int C_OFFSET = 8;
    private static final int C_DIR_CHANGES = 16;
    /** A clock step larger than this makes whoever sees it publish a new offset. */
    public static final long STEP_NANOS = 20_000_000L;

    private final Path path;
    private final MappedByteBuffer map;
    private final Object fileKey;

    private SharedControl(Path path, MappedByteBuffer map, Object fileKey) {
        this.path = path;
        this.map = map;
        this.fileKey = fileKey;
    }

    /** Maps the directory's control file, creating it (or replacing a damaged one) as needed. */
    public static SharedControl openOrCreate(Path dir) throws IOException {
        Path path = dir.resolve(SpoolLayout.SHARED_CONTROL);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            BasicFileAttributes attributes = SafeFiles.attributes(path);
            if (attributes == null) {
                SafeFiles.createAtomically(path, initialContent(measureOffsetNanos()));
                continue;
            }
            try (FileChannel channel = SafeFiles.openRegular(path, true)) {
                if (channel.size() == SIZE) {
                    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
                    if (SpoolFormat.getInt(map, 0) == MAGIC && SpoolFormat.getInt(map, 4) == SpoolFormat.VERSION) {
                        SharedControl control = new SharedControl(path, map, attributes.fileKey());
                        control.correctClockStep();
                        return control;
                    }
                }
                last = new IOException(path + " is damaged; replacing it");
            } catch (SafeFiles.NotRegularFileException e) {
                throw e; // a link or FIFO planted in our directory: refuse, do not delete
            } catch (IOException e) {
                last = e;
            }
            Files.deleteIfExists(path);
        }
        throw last != null ? last : new IOException("cannot create " + path);
    }

    private static byte[] initialContent(long offset) {
        ByteBuffer content = ByteBuffer.allocate(SIZE).order(SpoolFormat.ORDER);
        content.putInt(0, MAGIC);
        content.putInt(4, SpoolFormat.VERSION);
        content.putLong(C_OFFSET, offset);
        return content.array();
    }

    /**
     * Epoch nanoseconds minus {@code System.nanoTime()}, from the closest of a few paired
     * readings of the two clocks.
     */
    public static long measureOffsetNanos() {
        long bestGap = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 7; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < bestGap) {
                bestGap = after - before;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    /** The node's clock offset: epoch nanoseconds = monotonic + offset. One memory read. */
    public long offsetNanos() {
        return SpoolFormat.getLongOpaque(map, C_OFFSET);
    }

    /** Epoch milliseconds for a monotonic stamp. */
    public long epochMillis(long monoNanos) {
        return Math.floorDiv(monoNanos + offsetNanos(), 1_000_000L);
    }

    /** Publishes a freshly measured offset if the wall clock was stepped; returns true if it did. */
    public boolean correctClockStep() {
        long measured = measureOffsetNanos();
        if (Math.abs(measured - offsetNanos()) > STEP_NANOS) {
            SpoolFormat.setLongRelease(map, C_OFFSET, measured);
            return true;
        }
        return false;
    }

    /** Called by a writer after it created a file and before it writes into it. */
    public void directoryChanged() {
        SpoolFormat.getAndAddLong(map, C_DIR_CHANGES, 1);
    }

    public long directoryChanges() {
        return SpoolFormat.getLongAcquire(map, C_DIR_CHANGES);
    }

    /** True while the control file at the path is still the one mapped here. */
    public boolean stillInPlace() {
        try {
            BasicFileAttributes now = SafeFiles.attributes(path);
            return now != null && now.isRegularFile() && Objects.equals(now.fileKey(), fileKey);
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }
}
