package io.nvrx.bootstrap.frameworks;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What an async appender's worker thread needs to know about an event that the logging thread
 * queued: the caller's {@code File.java:45} (only the logging thread can know it) and the claim
 * that makes the event routed once, whichever thread gets there first.
 *
 * <p>A small table keyed by the queued object's identity, filled on the logging thread when
 * the event is queued, read on the worker thread when the event reaches a console sink. Keys are
 * weak, so an event that never reaches a console (async to a file only, filtered out behind the
 * queue, discarded by a full queue) is never kept alive; its entry is overwritten later. Each
 * key probes four slots; if all four are taken by live entries the oldest is replaced, and that
 * event's record, if it is printed, says {@code <unknown>:0}: a lost call site, never a lost
 * record.
 */
final class HandOffs {
    /** One queued event: weakly its identity, its caller and its claim. */
    static final class Entry extends WeakReference<Object> {
        final String callSite;
        final AtomicBoolean claim;
        final long sequence;

        Entry(Object queued, String callSite, AtomicBoolean claim, long sequence) {
            super(queued);
            this.callSite = callSite;
            this.claim = claim;
            this.sequence = sequence;
        }
    }

    private static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;
    private static final int PROBES = 4;
    private static final AtomicReferenceArray<Entry> SLOTS = new AtomicReferenceArray<>(SIZE);
    /** False until the first hand-off: a process without async appenders never hashes an event. */
    private static volatile boolean used;
    /** Orders entries for eviction; a racy increment only blurs which old entry goes first. */
    private static long sequence;

    private HandOffs() {}

    static Entry find(Object queued) {
        if (!used || queued == null) {
            return null;
        }
        int hash = System.identityHashCode(queued);
        for (int i = 0; i < PROBES; i++) {
            Entry entry = SLOTS.get((hash + i) & MASK);
            if (entry != null && entry.get() == queued) {
                return entry;
            }
        }
        return null;
    }

    /** Records a queued event, replacing an older entry for the same object (a reused event). */
    static Entry put(Object queued, String callSite, AtomicBoolean claim) {
        used = true;
        Entry fresh = new Entry(queued, callSite, claim, sequence++);
        int hash = System.identityHashCode(queued);
        int oldest = -1;
        long oldestSequence = Long.MAX_VALUE;
        for (int i = 0; i < PROBES; i++) {
            int slot = (hash + i) & MASK;
            Entry entry = SLOTS.get(slot);
            Object key = entry == null ? null : entry.get();
            if (key == null || key == queued) {
                SLOTS.set(slot, fresh);
                return fresh;
            }
            if (entry.sequence < oldestSequence) {
                oldestSequence = entry.sequence;
                oldest = slot;
            }
        }
        SLOTS.set(oldest, fresh);
        return fresh;
    }
}
