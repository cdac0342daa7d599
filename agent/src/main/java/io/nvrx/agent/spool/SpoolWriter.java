package io.nvrx.agent.spool;

import io.nvrx.agent.format.RecordFormatter;
import io.nvrx.agent.format.Utf8Buffer;
import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.Faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import static io.nvrx.agent.spool.SpoolFormat.*;

/**
 * This process's spool: a small ring of memory-mapped files that the aggregator empties.
 *
 * <p><b>Hot path</b> ({@link #append}): one atomic add reserves a frame in the current file, the
 * frame is stamped, filled and committed with a release store. No lock, no system call, no
 * allocation.
 *
 * <p><b>Rotation</b> (under a lock, only when a reservation overflows the current file): take
 * the spare that the {@link SparePreparer} thread made ready ahead of need, else (none ready)
 * reuse a file the aggregator has delivered (zeroed, next generation), else create one while
 * fewer than NVRX_LOG_MAX_LOG_FILES files are undelivered (0: no limit; a small "bridge" file
 * while the preparer is still at work, see {@link #BRIDGE_SIZE}), else drop the record and
 * count it. A file the aggregator has not finished is never touched. The first file that
 * becomes free after drops carries a notice with the running total, which the aggregator turns
 * into a "dropped N records" line; the total also lives in the control block, so it reaches
 * the node log even if the process dies.
 *
 * <p><b>The spare.</b> Once the current file is half used, the preparer thread makes one next
 * file ready, by the same rules (a
 * delivered file cleared for its next generation, else a new file within the limit), so that
 * the zero fill of a big file is not paid on a log call. A new spare is named and announced
 * (the directory change counter, see {@link SharedControl}) before it can become current, so
 * before any frame goes into it; the aggregator sees an empty, open file. The spare is not
 * counted as an undelivered file; rotation takes it only while fewer than the limit are
 * undelivered, so at most NVRX_LOG_MAX_LOG_FILES files hold records and at most one more,
 * empty, waits. It is sealed with the current file at close, so the aggregator delivers (an
 * empty generation) and removes it like any other file.
 *
 * <p><b>Pages ahead.</b> The preparer maps the pages of the current file just ahead of the
 * cursor ({@link SpoolFile#touch}), so that log calls do not pay the page faults: the call
 * whose frame crosses the file's touch mark wakes it. A new spare has only its first pages
 * mapped ({@link SpoolFile#prefaultStart}), so it is ready soon: making the spare comes
 * before mapping pages ahead (see {@link #prepareStep}).
 *
 * <p>A record larger than one file gets a dedicated file of its own size.
 */
final class SpoolWriter {
    static final int WRITTEN = 0;
    static final int DROPPED = 1;
    /** Not taken: the writer is closed or failed; the caller prints the record on the console. */
    static final int REFUSED = 2;
    private static final int RETRY = 3;
    private static final int MAX_ATTEMPTS = 8;
    private static final long WAIT_PAUSE_MIN_NANOS = 1_000_000L;
    private static final long WAIT_PAUSE_MAX_NANOS = 50_000_000L;
    /** How long closing waits for the preparer to finish a step in progress. */
    private static final long PREPARER_CLOSE_WAIT_MILLIS = 1000;
    /**
     * How far ahead of the cursor the preparer maps the pages of the current file: it starts
     * small, so that a process that logs a few lines maps little, and doubles each time the
     * log calls reach the middle of it. A new spare has its first window mapped already.
     */
    private static final int TOUCH_WINDOW_MIN = 64 << 10;
    private static final int TOUCH_WINDOW_MAX = 2 << 20;
    /**
     * The size of the file a rotation makes itself when the preparer has not finished the
     * spare: the log call writes 1 MB of zeros, not a whole file, and the records go on into it
     * until the spare is ready. Under a disk's write-back throttling, a 64 MB file made on a log
     * call took 0.2-2 s (N = 4 ranks flat out beside a `dd`). Such a file is flagged like a
     * dedicated one: never reused, and deleted by the aggregator once delivered.
     */
    static final int BRIDGE_SIZE = 1 << 20;

    /** Per-thread scratch: the record's text and a view of the file it is copied into. */
    static final class ThreadScratch {
        final Utf8Buffer text = new Utf8Buffer();
        private SpoolFile viewOf;
        private ByteBuffer view;

        ByteBuffer viewFor(SpoolFile file) {
            if (viewOf != file) {
                view = file.map.duplicate();
                viewOf = file;
            }
            return view;
        }
    }

    private final Path dir;
    /**
     * Held for the life of the writer: if the live file's channel became unreachable, the
     * garbage collector would close it and the OS would drop the lock that tells the
     * aggregator this process is alive.
     */
    private final ControlBlock.Owned live;
    private final ProcessIdentity who;
    private final ControlBlock control;
    private final int capacity;
    private final long maxFiles;
    private final Consumer<String> warn;
    private final ReentrantLock lock = new ReentrantLock();
    /** The next file to take frames gets this as its {@link SpoolFile#sequenceBase}. Guarded by lock. */
    private long nextSequenceBase = 1;
    /** Guarded by lock. */
    private final List<SpoolFile> ring = new ArrayList<>();
    private final List<SpoolFile> dedicated = new ArrayList<>();
    private int nextIndex;
    private long dropsReported;
    private boolean closed;
    /** The next file, ready (empty, open, announced), in the ring; null if none is ready. */
    private SpoolFile spare;
    /** A delivered file the preparer is clearing outside the lock: nobody else touches it. */
    private SpoolFile claimed;
    /** A rotation has happened: from then on the next spare is made as soon as one is taken. */
    private boolean rotated;
    /** Preparing failed once: rotation creates and reuses files itself, and reports failures. */
    private boolean preparerStopped;
    private long waitPause = WAIT_PAUSE_MIN_NANOS;
    /** Used by the preparer thread only. */
    private int touchWindow = TOUCH_WINDOW_MIN;
    /**
     * Rotations that found no spare ready, so made or cleared the next file on the log call (or,
     * at the file limit, dropped its record). Guarded by lock.
     */
    private int rotationsWithoutSpare;

    private final SparePreparer preparer;
    /** The cursor position past which the preparer makes the next file ready. */
    private final int halfway;
    /** Set with closed; read by the preparer without the lock to give up a file it is creating. */
    private volatile boolean closing;

    private volatile SharedControl shared;
    private volatile SpoolFile current;
    private volatile boolean refusing;

    SpoolWriter(Path dir, ControlBlock.Owned live, SharedControl shared, int capacity, long maxFiles,
                Consumer<String> warn) throws IOException {
        this(dir, live, shared, capacity, maxFiles, warn, true);
    }

    /** @param prepareAhead false: no preparer thread, every rotation is done on the logging thread */
    SpoolWriter(Path dir, ControlBlock.Owned live, SharedControl shared, int capacity, long maxFiles,
                Consumer<String> warn, boolean prepareAhead) throws IOException {
        this.dir = dir;
        this.live = live;
        this.who = live.identity;
        this.control = live.block;
        this.shared = shared;
        this.capacity = capacity;
        this.halfway = FILE_HEADER + (capacity - FILE_HEADER) / 2;
        this.maxFiles = maxFiles;
        this.warn = warn;
        lock.lock();
        try {
            SpoolFile first = newFile(capacity, false);
            ring.add(first);
            current = first;
            preparerStopped = !prepareAhead;
        } finally {
            lock.unlock();
        }
        preparer = new SparePreparer(this);
        if (prepareAhead) {
            preparer.start();
        }
    }

    boolean refusing() {
        return refusing;
    }

    /** Rotations so far that found no spare ready (see the field; for tests and the debug line at close). */
    int rotationsWithoutSpare() {
        lock.lock();
        try {
            return rotationsWithoutSpare;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends one formatted record (its time field is rewritten with the frame's stamp).
     *
     * @return {@link #WRITTEN}, {@link #DROPPED} (counted) or {@link #REFUSED}
     */
    int append(ThreadScratch scratch, RecordFormatter formatter) {
        Utf8Buffer text = scratch.text;
        if (text.length() > MAX_PAYLOAD) {
            cut(text);
        }
        int size = frameSize(text.length());
        if (size > capacity - FILE_HEADER) {
            return appendDedicated(scratch, formatter, size);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SpoolFile file = current;
            long position = file.reserve(size);
            if (position >= 0) {
                writeFrame(scratch, file, (int) position, formatter);
                if ((position < halfway && position + size >= halfway) // half used: make the next file ready
                        || file.crossesTouchMark(position, size)) { // map the pages ahead of the cursor
                    preparer.wake();
                }
                return WRITTEN;
            }
            int outcome = rotate(size);
            if (outcome == DROPPED) {
                control.addDropped(1);
                return DROPPED;
            }
            if (outcome == REFUSED) {
                return REFUSED;
            }
        }
        control.addDropped(1); // pathological contention: never spin for long on an app thread
        return DROPPED;
    }

    /**
     * Reserve-then-stamp: the time is taken after the frame is reserved, so the aggregator can
     * bound the stamp of any frame it sees reserved but not yet committed.
     */
    private void writeFrame(ThreadScratch scratch, SpoolFile file, int position, RecordFormatter formatter) {
        Utf8Buffer text = scratch.text;
        int length = text.length();
        ByteBuffer map = file.map;
        setIntOpaque(map, position + W_WORD, STATE_RESERVED | length);
        try {
            long mono = System.nanoTime();
            long epochMillis = shared.epochMillis(mono);
            formatter.restamp(text.array(), length, epochMillis);
            setLong(map, position + W_SEQ, file.sequenceBase + (position >>> 3));
            setLong(map, position + W_MONO, mono);
            setLong(map, position + W_EPOCH, epochMillis);
            setInt(map, position + W_KIND, KIND_TEXT);
            ByteBuffer view = scratch.viewFor(file);
            view.clear().position(position + FRAME_HEADER);
            view.put(text.array(), 0, length);
            setIntRelease(map, position + W_WORD, STATE_COMMITTED | length);
        } catch (Throwable failure) {
            // Never leave a reserved frame behind: the aggregator would wait for it.
            setIntRelease(map, position + W_WORD, STATE_VOID | length);
            throw failure;
        }
    }

    /** @param size the frame that did not fit: a bridge file is made at least that big */
    private int rotate(int size) {
        lock.lock();
        try {
            if (refusing) {
                return REFUSED;
            }
            if (!current.isFull()) {
                return RETRY; // another thread rotated already
            }
            SpoolFile next = null;
            if (spare != null && (maxFiles == 0 || undeliveredFiles() < maxFiles)) {
                next = spare;
                spare = null;
            } else {
                if (spare == null) {
                    rotationsWithoutSpare++;
                }
                next = nextFile(size); // none ready (or at the limit)
            }
            preparer.wake();
            if (next == null) {
                return DROPPED;
            }
            current = next;
            rotated = true;
            reportDrops(next);
            return RETRY;
        } catch (IOException | RuntimeException failure) {
            failLocked("cannot write its spool files in " + dir + " (" + failure + ")");
            return REFUSED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A delivered file of the ring, else a new one within the limit, else null (drop). While the
     * preparer is at work on the spare, the new file is a small bridge (see {@link #BRIDGE_SIZE}).
     */
    private SpoolFile nextFile(int frameSize) throws IOException {
        int n = ring.size();
        int start = ring.indexOf(current) + 1;
        for (int k = 0; k < n; k++) {
            SpoolFile candidate = ring.get((start + k) % n);
            if (candidate != claimed && candidate.delivered()) {
                if (!candidate.stillInPlace()) {
                    throw new IOException(candidate.path + " was replaced or removed");
                }
                number(candidate); // before its cursor opens: a log call that still holds it numbers from the new base
                candidate.reuse();
                return candidate;
            }
        }
        if (undeliveredFiles() < maxFiles || maxFiles == 0) {
            if (!preparerStopped && capacity > BRIDGE_SIZE) {
                // Not in the ring: never reused; the aggregator deletes it once delivered.
                SpoolFile bridge = newFile(Math.max(BRIDGE_SIZE, FILE_HEADER + frameSize), true);
                dedicated.add(bridge);
                return bridge;
            }
            SpoolFile fresh = newFile(capacity, false);
            ring.add(fresh);
            return fresh;
        }
        return null;
    }

    /** Files the aggregator has not delivered yet (the current file included, the empty spare not). */
    private int undeliveredFiles() {
        dedicated.removeIf(SpoolFile::delivered); // the aggregator deletes them; we only drop our mapping
        int count = dedicated.size();
        for (SpoolFile file : ring) {
            if (file != spare && (file == current || !file.delivered())) {
                count++;
            }
        }
        return count;
    }

    /**
     * Makes a file on the calling thread, often a log call's. A FileChannel used on a thread
     * whose interrupt flag is set closes itself (ClosedByInterruptException), so an app that logs
     * right after catching an InterruptedException, the flag restored as it should be, would
     * make the writer fail for good. The flag is set aside while the file is made and restored
     * after; an interrupt that comes in the middle (the half-made file is removed) means another
     * try, up to {@link #MAX_ATTEMPTS}.
     */
    private SpoolFile newFile(int size, boolean isDedicated) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    SpoolFile file = SpoolFile.create(dir, who, nextIndex++, size, isDedicated);
                    number(file);
                    announce();
                    return file;
                } catch (ClosedByInterruptException interrupt) {
                    interrupted |= Thread.interrupted();
                    if (attempt >= MAX_ATTEMPTS) {
                        throw interrupt;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After a file is named, before any frame goes into it: see SharedControl. */
    private void announce() throws IOException {
        SharedControl control = shared;
        if (!control.stillInPlace()) {
            shared = control = SharedControl.openOrCreate(dir); // the aggregator removed it at a clean stop
        }
        control.directoryChanged();
    }

    /**
     * One step of the {@link SparePreparer} thread: if no spare is ready and one is due, make
     * it; otherwise map pages ahead of the cursor of the current file.
     *
     * <p>The spare comes first. Without it, the rotation makes the next file on an app thread,
     * under the lock: 64 MB of zeros written, 45-160 ms measured on a busy node. Pages not
     * mapped ahead cost the log calls one fault each, a few microseconds. On a saturated node
     * the log calls can outrun the mapping for a whole file; when mapping came first, the spare
     * waited behind it all that time.
     *
     * @return 0 to step again at once, a pause in nanoseconds (waiting for the aggregator to
     *         deliver a file), {@link SparePreparer#UNTIL_WOKEN} or {@link SparePreparer#STOP}
     */
    long prepareStep() {
        long spareStep = prepareSpare();
        if (spareStep == 0 || spareStep == SparePreparer.STOP) {
            return spareStep; // a spare was made: look again at once (pages ahead, or the next spare)
        }
        int touched = current.touch(touchWindow, () -> closing);
        if (touched != SpoolFile.TOUCH_NONE) {
            touchWindow = Math.min(TOUCH_WINDOW_MAX, touchWindow * 2); // this process logs on: map further ahead
            if (touched == SpoolFile.TOUCH_BEHIND) {
                return 0; // the log calls are past the new mark already: map more at once
            }
        }
        return spareStep;
    }

    /**
     * Makes the spare if none is ready and one is due, by the rules of {@link #nextFile} (a
     * delivered file first, else a new file within the limit). The slow part (the zero fill)
     * runs outside the lock, on a file nobody else touches meanwhile.
     *
     * @return 0 (a spare was made), a pause in nanoseconds (waiting for the aggregator to deliver
     *         a file), {@link SparePreparer#UNTIL_WOKEN} (none due) or {@link SparePreparer#STOP}
     */
    private long prepareSpare() {
        SpoolFile reuse = null;
        int index;
        lock.lock();
        try {
            if (closed || preparerStopped) {
                return SparePreparer.STOP;
            }
            if (spare != null || (!rotated && current.cursor() < halfway)) {
                // Nothing to do, or not yet: the first spare is made once the first file is half
                // used (the log call that crosses the halfway mark wakes this thread), so a process
                // that logs little never writes a second file's worth of zeros. One that has
                // filled a file gets its next spare at once: a whole file's time to make it, and
                // rotation on a busy node does not find the preparer still at work (and then make
                // a file itself, on the app thread, under the lock).
                return SparePreparer.UNTIL_WOKEN;
            }
            for (SpoolFile candidate : ring) {
                if (candidate != current && candidate.delivered()) {
                    reuse = candidate;
                    break;
                }
            }
            if (reuse != null) {
                claimed = reuse;
                index = -1;
            } else if (maxFiles == 0 || undeliveredFiles() < maxFiles) {
                index = nextIndex++;
            } else {
                boolean waiting = false;
                for (SpoolFile file : ring) {
                    waiting |= file != current;
                }
                if (!waiting) {
                    return SparePreparer.UNTIL_WOKEN; // one file only: nothing to prepare until a rotation
                }
                long pause = waitPause; // all waiting for the aggregator: look again, less and less often
                waitPause = Math.min(WAIT_PAUSE_MAX_NANOS, waitPause * 2);
                return pause;
            }
        } finally {
            lock.unlock();
        }
        waitPause = WAIT_PAUSE_MIN_NANOS;
        return reuse != null ? prepareReused(reuse) : prepareNew(index);
    }

    private long prepareReused(SpoolFile file) {
        boolean inPlace = file.stillInPlace();
        if (inPlace) {
            file.clearFrames();
        }
        lock.lock();
        try {
            claimed = null;
            if (!inPlace) {
                preparerStopped = true; // rotation finds the file replaced and reports it
                return SparePreparer.STOP;
            }
            if (closed) {
                return SparePreparer.STOP; // left as it was: delivered
            }
            number(file);
            file.startGeneration();
            spare = file;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes a new spare: written, and its first pages mapped, under a temporary name outside the lock, then
     * named and announced under it, and only while the writer is open. A file named after the
     * writer closed could be seen by an aggregator that has already finished with this
     * process, and be left behind when it stops.
     */
    private long prepareNew(int index) {
        SpoolFile fresh = null;
        while (Faults.on(Faults.SLOW_SPARE) && !closing) {
            LockSupport.parkNanos(5_000_000L); // tests: a spare that takes as long as they want
        }
        try {
            fresh = SpoolFile.createUnnamed(dir, who, index, capacity, false, () -> closing);
            fresh.prefaultStart(touchWindow, () -> closing);
        } catch (IOException | RuntimeException failure) {
            // a full disk, a hostile directory...: rotation tries itself and reports what it finds
            if (fresh != null) {
                fresh.discardUnnamed();
                fresh = null;
            }
        }
        lock.lock();
        try {
            if (fresh == null) {
                preparerStopped = true;
                return SparePreparer.STOP;
            }
            if (closed) {
                fresh.discardUnnamed(); // never named: no aggregator ever sees it
                return SparePreparer.STOP;
            }
            try {
                fresh.name();
            } catch (IOException | RuntimeException failure) {
                preparerStopped = true; // (nameCreated removed the temporary file)
                return SparePreparer.STOP;
            }
            ring.add(fresh);
            try {
                announce();
            } catch (IOException | RuntimeException failure) {
                fresh.seal(); // empty: the aggregator delivers it and it is removed with the others
                preparerStopped = true;
                return SparePreparer.STOP;
            }
            number(fresh);
            spare = fresh;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a file its range of sequence numbers for the generation it is about to start (a new
     * file, or a delivered one reused), under the lock and before its cursor opens: past every
     * number given before, so none repeats within the process, and a file made later numbers
     * higher. They stay below {@link SpoolFormat#MAX_SEQ} (a wrap after some 2^45 bytes of
     * spool; nothing depends on their order).
     */
    private void number(SpoolFile file) {
        if (nextSequenceBase > MAX_SEQ - (1L << 32)) {
            nextSequenceBase = 1;
        }
        file.sequenceBase = nextSequenceBase;
        nextSequenceBase += (file.capacity >>> 3) + 1;
    }

    /** Puts a "dropped N records so far" notice into a fresh file. */
    private void reportDrops(SpoolFile file) {
        long total = control.dropped();
        if (total <= dropsReported) {
            return;
        }
        long position = file.reserve(frameSize(8));
        if (position < 0) {
            return;
        }
        byte[] payload = new byte[8];
        ByteBuffer.wrap(payload).order(ORDER).putLong(0, total);
        setIntOpaque(file.map, (int) position + W_WORD, STATE_RESERVED | 8);
        long mono = System.nanoTime();
        file.writeLocked((int) position, KIND_DROPPED, file.sequenceBase + (position >>> 3), mono, shared.epochMillis(mono), payload, 8);
        dropsReported = total;
    }

    private int appendDedicated(ThreadScratch scratch, RecordFormatter formatter, int size) {
        lock.lock();
        try {
            if (refusing) {
                return REFUSED;
            }
            if (maxFiles != 0 && undeliveredFiles() >= maxFiles) {
                control.addDropped(1);
                return DROPPED;
            }
            SpoolFile file = newFile(FILE_HEADER + size, true);
            dedicated.add(file);
            long position = file.reserve(size);
            writeFrame(scratch, file, (int) position, formatter);
            file.seal();
            return WRITTEN;
        } catch (IOException | RuntimeException failure) {
            failLocked("cannot write its spool files in " + dir + " (" + failure + ")");
            return REFUSED;
        } finally {
            lock.unlock();
        }
    }

    /** Cuts a record longer than a frame can hold, at a character boundary, and says so. */
    private static void cut(Utf8Buffer text) {
        int end = MAX_PAYLOAD - 128;
        byte[] bytes = text.array();
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        int cut = text.length() - end;
        text.truncate(end);
        text.putAscii("\n[nvrx-agent: record cut here, " + cut + " more bytes]\n");
    }

    /**
     * Takes no more records: seals the current file and marks the control block closed (the
     * aggregator then delivers and removes this process's files). Later records are refused
     * and printed on the console by the sink.
     */
    void close() {
        int withoutSpare;
        lock.lock();
        try {
            closeLocked();
            withoutSpare = rotationsWithoutSpare;
        } finally {
            lock.unlock();
        }
        preparer.awaitIdle(PREPARER_CLOSE_WAIT_MILLIS); // a file it was naming is sealed, a half-made one removed
        if (withoutSpare > 0) {
            Diagnostics.debug(withoutSpare + " spool rotation(s) found no spare file ready: a log call made or"
                    + " cleared the next file itself, or dropped its record at the file limit");
        }
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        refusing = true;
        current.seal();
        if (spare != null) {
            spare.seal(); // empty: delivered and removed like the others
            spare = null;
        }
        control.markClosed();
        preparer.wake();
    }

    private void failLocked(String why) {
        warn.accept("nvrx-agent: node-local mode " + why + "; from now on records go to the console");
        closeLocked();
    }

    /** True while a spare file is ready (for tests). */
    boolean spareReady() {
        lock.lock();
        try {
            return spare != null;
        } finally {
            lock.unlock();
        }
    }

    /** True once every record of this process is in the node log (every file with a frame is marked delivered). */
    boolean allDelivered() {
        lock.lock();
        try {
            for (SpoolFile file : ring) {
                if (!file.delivered() && !file.sealedEmpty()) {
                    return false;
                }
            }
            for (SpoolFile file : dedicated) {
                if (!file.delivered()) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every record is in the node log, or the deadline passes; returns which. */
    boolean awaitDelivery(long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        long pauseMillis = 1;
        while (!allDelivered()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(10, pauseMillis + 1); // a quick answer first; a long wait costs no CPU
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    Path dir() {
        return dir;
    }

    ProcessIdentity identity() {
        return who;
    }
}
