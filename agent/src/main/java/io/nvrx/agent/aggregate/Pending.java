package io.nvrx.agent.aggregate;

import java.util.Comparator;

/**
 * One record read but not yet written to the node log, waiting in the merge pool. The pool
 * emits records in order of {@link #key}: the monotonic time stamp (CLOCK_MONOTONIC, one clock
 * for the whole node), then the source and position for equal stamps.
 */
final class Pending {
    static final int SPOOL_TEXT = 0;
    static final int SPOOL_DROPPED = 1;
    static final int UPSTREAM_TEXT = 2;
    static final int NOTE = 3;
    static final int WRITER_END = 4;

    static final Comparator<Pending> ORDER = (a, b) -> {
        int c = Long.compare(a.key, b.key);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.sourceOrder, b.sourceOrder);
        return c != 0 ? c : Long.compare(a.position, b.position);
    };

    final int type;
    final long key;
    final long sourceOrder;
    /** Offset of the frame (spool) or of the record's first byte (upstream). */
    final long position;
    /** Spool frames: payload length; upstream: the offset just past the record. */
    final long extent;
    /** Spool frames: the running total of drops (SPOOL_DROPPED). */
    final long value;
    final Object source;
    /** The text of upstream records and notes. */
    final byte[] text;
    boolean emitted;

    Pending(int type, long key, long sourceOrder, long position, long extent, long value, Object source, byte[] text) {
        this.type = type;
        this.key = key;
        this.sourceOrder = sourceOrder;
        this.position = position;
        this.extent = extent;
        this.value = value;
        this.source = source;
        this.text = text;
    }
}
