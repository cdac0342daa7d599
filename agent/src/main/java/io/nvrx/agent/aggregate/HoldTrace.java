package io.nvrx.agent.aggregate;

import java.io.PrintStream;

/**
 * Says, on the aggregator's diagnostics stream, when the merge waited long for one frame: a
 * writer reserved it and had not committed it yet, so nothing stamped later could be written
 * (that is how the node log stays in time order). The wait is the writer's: its thread was
 * descheduled, stopped or slow between reserving the frame and committing it. One line per
 * wait of {@link #REPORT_NANOS} or more, once it is over, for whoever studies the node log's
 * delay (the aggregator's stderr goes to {@code nvrx-aggregator.log} with NVRX_AGENT_DEBUG).
 */
final class HoldTrace {
    static final long REPORT_NANOS = 100_000_000L;

    private final PrintStream out;
    private SpoolSource holder;
    private long position;
    private long since;

    HoldTrace(PrintStream out) {
        this.out = out;
    }

    /**
     * Called once per poll.
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
