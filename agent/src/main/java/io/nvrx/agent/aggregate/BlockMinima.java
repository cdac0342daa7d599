package io.nvrx.agent.aggregate;

import java.util.Arrays;

/**
 * The lowest stamp of the committed frames of one spool file generation, per 64 KB block of
 * the file (a frame counts in the block where it starts). A reader that stops before the end of
 * a backlog (its budget spent) needs the lowest stamp of all it left unread; committed frames
 * never change, so each is looked at once here instead of at every poll: a 64 MB backlog read a
 * slice per poll was rescanned whole each time (a sixth of the aggregator's CPU when draining).
 *
 * <p>{@link #summarizedTo} is a frame boundary: every frame from where the summary started up
 * to it is committed or void. The blocks after the one a reader stands in hold only frames it
 * has not read, so their minima bound what it left; its own block it scans itself.
 */
final class BlockMinima {
    private static final int SHIFT = 16;

    private final long[] minima;
    /** The summary covers the frames up to here (exclusive). */
    long summarizedTo;

    BlockMinima(int capacity) {
        minima = new long[(capacity >>> SHIFT) + 1];
        Arrays.fill(minima, Long.MAX_VALUE);
    }

    static int block(long position) {
        return (int) (position >>> SHIFT);
    }

    /** The first position of the block after {@code position}'s. */
    static long nextBlockStart(long position) {
        return ((position >>> SHIFT) + 1) << SHIFT;
    }

    /** Starts the summary over at a frame boundary (the reader passed where it had got to). */
    void restartAt(long position) {
        Arrays.fill(minima, Long.MAX_VALUE);
        summarizedTo = position;
    }

    /** A committed frame at {@code position}, met in file order past {@link #summarizedTo}. */
    void add(long position, long stamp) {
        int b = block(position);
        if (stamp < minima[b]) {
            minima[b] = stamp;
        }
    }

    /** The lowest stamp of the summarized frames in the blocks after {@code position}'s. */
    long lowestAfterBlockOf(long position) {
        long lowest = Long.MAX_VALUE;
        long first = nextBlockStart(position);
        if (summarizedTo > first) {
            for (int b = block(first), last = block(summarizedTo - 1); b <= last; b++) {
                lowest = Math.min(lowest, minima[b]);
            }
        }
        return lowest;
    }
}
