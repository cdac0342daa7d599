package io.nvrx.agent.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The merge pool: records read but not yet written, handed out in {@link Pending#ORDER} (stamp,
 * then source, then position), exactly as one priority queue of all records would, but cheaper.
 *
 * <p>Why not one priority queue: a busy node has hundreds of thousands of records in the pool,
 * and each would cost two heap walks of about twenty levels, each level a cache miss. Records of
 * one source arrive almost in order (a file's frames are in reservation order, and each frame is
 * stamped right after its reservation; only threads racing between the two swap neighbours), so
 * the pool keeps one sorted run per source, appends to it, sorts it again only when an arrival
 * is out of order (a nearly sorted array sorts in about one pass), and merges the runs with a
 * small heap of their heads: one heap step per record, over the number of sources.
 */
final class MergePool {
    /** One source's records, sorted from {@code head} to {@code tail}. */
    private static final class Run {
        Pending[] items = new Pending[64];
        int head;
        int tail;
        boolean unsorted;
        boolean inHeap;
        boolean touched;

        boolean isEmpty() {
            return head == tail;
        }

        Pending first() {
            return items[head];
        }

        void append(Pending record) {
            if (tail == items.length) {
                if (head > items.length / 2) {
                    System.arraycopy(items, head, items, 0, tail - head); // room at the front: shift down
                    Arrays.fill(items, tail - head, tail, null);
                    tail -= head;
                    head = 0;
                } else {
                    items = Arrays.copyOf(items, items.length * 2);
                }
            }
            if (tail > head && Pending.ORDER.compare(items[tail - 1], record) > 0) {
                unsorted = true;
            }
            items[tail++] = record;
        }

        Pending take() {
            Pending record = items[head];
            items[head++] = null;
            if (head == tail) {
                head = 0;
                tail = 0;
            }
            return record;
        }
    }

    /** Runs by source (the SpoolSource or UpstreamSource of a record; notes share runs by level). */
    private final Map<Object, Run> runs = new IdentityHashMap<>();
    /** Non-empty, settled runs by their first record. */
    private final PriorityQueue<Run> heads = new PriorityQueue<>((a, b) -> Pending.ORDER.compare(a.first(), b.first()));
    /** Runs added to since the last settle. */
    private final List<Run> touched = new ArrayList<>();
    private int size;

    void add(Pending record) {
        Run run = runs.get(record.source);
        if (run == null) {
            run = new Run();
            runs.put(record.source, run);
        }
        run.append(record);
        size++;
        if (!run.touched) {
            run.touched = true;
            touched.add(run);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The first record in order, or null if the pool is empty. */
    Pending peek() {
        settle();
        Run run = heads.peek();
        return run == null ? null : run.first();
    }

    /** Removes and returns the first record in order, or null if the pool is empty. */
    Pending poll() {
        settle();
        Run run = heads.poll();
        if (run == null) {
            return null;
        }
        Pending record = run.take();
        size--;
        if (run.isEmpty()) {
            run.inHeap = false;
            runs.remove(record.source); // a source may be gone for good; a new run is cheap
        } else {
            heads.add(run);
        }
        return record;
    }

    /** Sorts the runs that got records out of order, and puts every run added to into the heap where its head now is. */
    private void settle() {
        if (touched.isEmpty()) {
            return;
        }
        for (Run run : touched) {
            run.touched = false;
            if (run.unsorted) {
                Arrays.sort(run.items, run.head, run.tail, Pending.ORDER);
                run.unsorted = false;
            }
            if (run.inHeap) {
                heads.remove(run); // its head may have changed; a heap over sources is small
            }
            if (!run.isEmpty()) {
                heads.add(run);
                run.inHeap = true;
            } else {
                run.inHeap = false;
            }
        }
        touched.clear();
    }
}
