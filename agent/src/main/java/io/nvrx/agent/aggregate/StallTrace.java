package io.nvrx.agent.aggregate;

import java.io.PrintStream;

/**
 * Says, on the aggregator's diagnostics stream, when delivery stalled for
 * {@link #REPORT_NANOS} or more, and whose stall it was, for whoever studies the node log's
 * delay (the aggregator's stderr goes to {@code nvrx-aggregator.log} with NVRX_AGENT_DEBUG):
 * <ul>
 * <li>the merge waited for one frame: a writer reserved it and had not committed it yet, so
 *     nothing stamped later could be written (that is how the node log stays in time order).
 *     The writer's thread was descheduled, stopped or slow in between. Said once the wait is over;</li>
 * <li>two polls lay far apart: the aggregator itself waited (for a core, the disk, a GC);</li>
 * <li>one of its own file operations took that long: an append to the node log or a save of
 *     its state (a file system that makes writers wait, as ext4 does while it commits its
 *     journal under write load).</li>
 * </ul>
 */
final class StallTrace {
    static final long REPORT_NANOS = 100_000_000L;

    private final PrintStream out;
    private SpoolSource holder;
    private long position;
    private long since;

    private long lastPoll = Long.MIN_VALUE;

    StallTrace(PrintStream out) {
        this.out = out;
    }

    /** An append of {@code bytes} to the node log took {@code nanos}; said if that is a stall. */
    void appended(int bytes, long nanos) {
        if (nanos >= REPORT_NANOS) {
            out.println("nvrx-aggregator: an append of " + bytes + " bytes to the node log took " + nanos / 1_000_000 + " ms");
        }
    }

    /** A save of the aggregator's state took {@code nanos}; said if that is a stall. */
    void saved(long nanos) {
        if (nanos >= REPORT_NANOS) {
            out.println("nvrx-aggregator: a save of the aggregator's state took " + nanos / 1_000_000 + " ms");
        }
    }

    /** Called at the start of each poll of the aggregator's loop, with the time then. */
    void pollStarted(long now) {
        if (lastPoll != Long.MIN_VALUE && now - lastPoll >= REPORT_NANOS) {
            out.println("nvrx-aggregator: " + (now - lastPoll) / 1_000_000 + " ms between two polls"
                    + " (this process waited: for a core, the disk or its garbage collector)");
        }
        lastPoll = now;
    }

    /**
     * Called once per poll, once its reads are done.
     *
     * @param holder the file whose reserved frame holds the merge back in this poll, or null
     */
    void observe(long w, SpoolSource holder) {
        if (holder != null && holder == this.holder && holder.stuckPosition() == position) {
            return; // the same wait goes on
        }
        if (this.holder != null && w - since >= REPORT_NANOS) {
            out.println("nvrx-aggregator: the merge waited " + (w - since) / 1_000_000 + " ms for the frame process "
                    + this.holder.writer.pid + " reserved at offset " + position + " of " + this.holder.name
                    + " (its thread stopped between reserving the frame and committing it)");
        }
        this.holder = holder;
        if (holder != null) {
            position = holder.stuckPosition();
            since = w;
        }
    }
}
