package io.nvrx.agent.cli.merge;

import io.nvrx.agent.cli.read.LogReader;
import io.nvrx.agent.cli.read.LogRecord;
import io.nvrx.agent.cli.read.RecordFilter;

import java.io.IOException;
import java.util.List;

/**
 * Merges node logs, each in time order, into one timeline: a binary heap of the files' current
 * records keyed by (record time, file position in the argument list), so records with equal
 * times keep the order of the files as given, and one file's records keep their file order.
 * The parts of a record too large to hold whole share one time and one file, so nothing from
 * another file comes between them. Memory: one buffer per file.
 */
public final class KWayMerge {
    private final LogReader[] readers;
    private final LogRecord[] current;
    private final boolean[] lastMatched;
    private final int[] heap;
    private final RecordFilter filter;
    private int size;

    public KWayMerge(List<LogReader> readers, RecordFilter filter) {
        this.readers = readers.toArray(new LogReader[0]);
        this.current = new LogRecord[this.readers.length];
        this.lastMatched = new boolean[this.readers.length];
        this.heap = new int[this.readers.length];
        this.filter = filter;
    }

    /** Writes every kept record, in time order, to {@code out}. */
    public void run(RecordOutput out) throws IOException {
        for (int i = 0; i < readers.length; i++) {
            current[i] = new LogRecord();
            if (advance(i)) {
                heap[size++] = i;
                siftUp(size - 1);
            }
        }
        while (size > 0) {
            int i = heap[0];
            out.write(current[i]);
            if (advance(i)) {
                siftDown(0);
            } else {
                heap[0] = heap[--size];
                if (size > 0) {
                    siftDown(0);
                }
            }
        }
    }

    /** Moves file {@code i} to its next kept record; false at its end. */
    private boolean advance(int i) throws IOException {
        LogRecord r = current[i];
        while (readers[i].next(r)) {
            boolean keep = r.kind() == LogRecord.Kind.CONTINUED ? lastMatched[i] : filter.matches(r);
            lastMatched[i] = keep;
            if (keep) {
                return true;
            }
        }
        return false;
    }

    private boolean less(int a, int b) {
        long ta = current[a].epochMillis();
        long tb = current[b].epochMillis();
        return ta < tb || (ta == tb && a < b);
    }

    private void siftUp(int k) {
        int x = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!less(x, heap[parent])) {
                break;
            }
            heap[k] = heap[parent];
            k = parent;
        }
        heap[k] = x;
    }

    private void siftDown(int k) {
        int x = heap[k];
        while (true) {
            int child = 2 * k + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], x)) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = x;
    }
}
