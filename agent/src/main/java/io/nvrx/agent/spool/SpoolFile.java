package io.nvrx.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import static io.nvrx.agent.spool.SpoolFormat.*;

/**
 * One memory-mapped spool file on the writer's side (layout in {@link SpoolFormat}). Threads
 * reserve frames with one atomic add on the cursor; no lock, no system call. The file is
 * written only through its mapping, so a record whose log call returned is in the page cache
 * and survives a kill -9 of the process.
 *
 * <p>A reservation that passes the capacity fails. Exactly one failing reservation starts at or
 * before the capacity (the "straddler"); it writes the data end, sealing the file. Once the
 * aggregator has delivered a sealed file, its writer may reuse it for a new generation.
 */
final class SpoolFile {
    private static final byte[] ZEROS = new byte[8192];
    private static final int PAGE = 4096;
    static final int TOUCH_NONE = 0;
    static final int TOUCH_DONE = 1;
    static final int TOUCH_BEHIND = 2;
    /** The loops that fault pages in let a safepoint in every 64 KB (16 pages); see {@link #letSafepointIn}. */
    private static final int SAFEPOINT_BREAK_MASK = (64 << 10) - 1;

    final Path path;
    final int index;
    final MappedByteBuffer map;
    final int capacity;
    final boolean dedicated;
    private final Object fileKey;
    /** Used only under the writer's rotation lock. */
    private final ByteBuffer lockedView;
    /**
     * Pages before this offset are mapped for writing in this process (by {@link #prefaultStart},
     * {@link #clearFrames} or {@link #touch}), so log calls that write there take no page fault.
     */
    private volatile int touchedEnd;
    /**
     * The log call whose frame crosses this offset wakes the preparer to map the pages ahead
     * ({@link Integer#MAX_VALUE}: every page is mapped). The first frame of a file that is not
     * mapped ahead crosses it.
     */
    private volatile int touchMark = FILE_HEADER + 1;
    /**
     * The sequence number of this generation's frames is this plus the frame's position / 8
     * (see {@link SpoolFormat}): set under the writer's lock before the file takes frames, so a
     * log call numbers its frame without an atomic counter of its own.
     */
    volatile long sequenceBase;

    private SpoolFile(Path path, int index, MappedByteBuffer map, int capacity, boolean dedicated, Object fileKey) {
        this.path = path;
        this.index = index;
        this.map = map;
        this.capacity = capacity;
        this.dedicated = dedicated;
        this.fileKey = fileKey;
        this.lockedView = map.duplicate();
    }

    /** Creates the file, named at once (see {@link #createUnnamed}). */
    static SpoolFile create(Path dir, ProcessIdentity who, int index, int capacity, boolean dedicated) throws IOException {
        SpoolFile file = createUnnamed(dir, who, index, capacity, dedicated, () -> false);
        file.name();
        return file;
    }

    /**
     * Creates the file (see {@link SafeFiles#createMappedUnnamed}) under a temporary name, which
     * no reader takes for a spool file, until {@link #name()}; {@link #discardUnnamed()} removes
     * it instead. {@code cancelled} is asked between chunks of the zero fill, so that a writer
     * closing at exit does not wait for a big file.
     */
    static SpoolFile createUnnamed(Path dir, ProcessIdentity who, int index, int capacity, boolean dedicated,
                                   BooleanSupplier cancelled) throws IOException {
        Path path = dir.resolve(SpoolLayout.binName(who.id, index));
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).order(ORDER);
        header.putInt(F_MAGIC, FILE_MAGIC);
        header.putInt(F_VERSION, VERSION);
        header.putLong(F_PID, who.pid);
        header.putLong(F_START, who.startMillis);
        header.putLong(F_CURSOR, FILE_HEADER);
        header.putLong(F_DATA_END, 0);
        header.putLong(F_GENERATION, 1);
        header.putLong(F_DELIVERED_GENERATION, 0);
        header.putInt(F_CAPACITY, capacity);
        header.putInt(F_FLAGS, dedicated ? FLAG_DEDICATED : 0);
        MappedByteBuffer map = SafeFiles.createMappedUnnamed(path, header, capacity, cancelled);
        BasicFileAttributes attributes;
        try {
            attributes = SafeFiles.attributes(SafeFiles.unnamed(path)); // the same file once renamed
        } catch (IOException | RuntimeException failure) {
            SafeFiles.discardUnnamed(path);
            throw failure;
        }
        return new SpoolFile(path, index, map, capacity, dedicated, attributes == null ? null : attributes.fileKey());
    }

    /** Gives a file made by {@link #createUnnamed} its name: from now on the aggregator may see it. */
    void name() throws IOException {
        SafeFiles.nameCreated(path);
    }

    /** Removes a file made by {@link #createUnnamed} that was never named. */
    void discardUnnamed() {
        SafeFiles.discardUnnamed(path);
    }

    /** Reserves {@code size} bytes; returns the frame's offset, or -1 if the file is full. */
    long reserve(int size) {
        long position = getAndAddLong(map, F_CURSOR, size);
        if (position + size <= capacity) {
            return position;
        }
        if (position <= capacity) {
            setLongRelease(map, F_DATA_END, position); // the straddler seals the file
        }
        return -1;
    }

    /** Takes no more frames: every later reservation fails. */
    void seal() {
        reserve(capacity + 1);
    }

    /** Where the next frame would go (past the capacity once the file is full). */
    long cursor() {
        return getLongOpaque(map, F_CURSOR);
    }

    boolean isFull() {
        return getLongOpaque(map, F_CURSOR) > capacity;
    }

    /** Sealed, and the aggregator has the current generation in the node log. */
    boolean delivered() {
        return getLongAcquire(map, F_DATA_END) != 0
                && getLongAcquire(map, F_DELIVERED_GENERATION) >= getLongOpaque(map, F_GENERATION);
    }

    /**
     * Sealed without a frame (a spare sealed at close): it holds nothing to deliver. An
     * aggregator may delete such a file without marking it (one named after its process's end
     * was in the node log), so a process waiting at exit must not wait for its mark.
     */
    boolean sealedEmpty() {
        return getLongAcquire(map, F_DATA_END) == FILE_HEADER;
    }

    /**
     * Starts a new generation in a delivered file (under the writer's lock): zero the frames of
     * the old one, then open it again. See {@link #clearFrames} and {@link #startGeneration}.
     */
    void reuse() {
        clearFrames();
        startGeneration();
    }

    /**
     * Zeroes the frames of the delivered generation, so that no stale commit word is taken for a
     * new one. Only by the file's owner: the writer under its rotation lock, or the preparer
     * that claimed this delivered file (it is then neither current nor read by the aggregator,
     * which has all of it in the node log). Touching every page through the mapping also leaves
     * the pages mapped for the log calls that write into them next.
     */
    void clearFrames() {
        ByteBuffer view = map.duplicate();
        long end = Math.min(capacity, getLongAcquire(map, F_DATA_END));
        for (int at = FILE_HEADER; at < end; at += ZEROS.length) {
            view.clear().position(at);
            view.put(ZEROS, 0, (int) Math.min(ZEROS.length, end - at));
            if ((at & SAFEPOINT_BREAK_MASK) < ZEROS.length) {
                letSafepointIn();
            }
        }
        allTouched(); // the last generation wrote every page up to its data end; this wrote them again
    }

    /**
     * Opens the next generation of a delivered file whose frames are cleared (under the
     * writer's lock). The cursor is stored last, with release semantics, after everything it
     * publishes.
     */
    void startGeneration() {
        setLongRelease(map, F_DATA_END, 0);
        setLongRelease(map, F_GENERATION, getLongOpaque(map, F_GENERATION) + 1);
        setLongRelease(map, F_CURSOR, FILE_HEADER);
    }

    /**
     * Maps the first {@code window} bytes of a new, never used file for writing, on the
     * preparing thread, so that the log calls that follow a rotation take no page fault; the
     * log calls that cross the middle of it ask for the next pages ({@link #touch}). Not the
     * whole file: 16,384 faults for 64 MB, at 5-16 us each on a VM, kept a busy node's preparer
     * at work for 0.5-1.2 s per spare (60-260 ms without them), and rotations found no spare
     * ready and made the next file on an app thread. Gives up as soon as {@code cancelled} says so.
     */
    void prefaultStart(int window, BooleanSupplier cancelled) {
        int to = (int) Math.min(capacity, (long) FILE_HEADER + window);
        if (mapPages(0, to, cancelled)) {
            markMapped(to, window);
        }
    }

    /**
     * Lets a safepoint in. A loop of page faults (5-16 us each on a VM) on the preparer thread
     * compiles to a counted loop with a safepoint poll only every thousand iterations, or none
     * at all with the serial and parallel collectors; a safepoint (every GC pause of the app)
     * would wait for the loop to end (4.5 ms measured once). Returning from a native method
     * checks for a pending safepoint, so a cheap native call is enough. Not {@code Thread.yield}:
     * on a busy node each yield gives the rest of the time slice away, and 1,024 of them made a
     * 64 MB spare take 3 s instead of 0.1 s.
     */
    private static void letSafepointIn() {
        Thread.holdsLock(SpoolFile.class); // a JNI native (not a compiler intrinsic) on JDK 11 to 25
    }

    private void allTouched() {
        touchedEnd = capacity;
        touchMark = Integer.MAX_VALUE;
    }

    /** True if a frame at {@code position} of {@code size} bytes crosses the mark: the preparer should map pages ahead. */
    boolean crossesTouchMark(long position, int size) {
        int mark = touchMark;
        return position < mark && position + size >= mark;
    }

    /**
     * Once the log calls have passed the touch mark, maps the pages from the cursor up to
     * {@code window} bytes ahead of it for writing ({@link #mapPages}), on the preparer thread,
     * while log calls go on writing frames into this file. Sets the mark halfway into the
     * mapped window.
     *
     * @return {@link #TOUCH_NONE} (nothing to map), {@link #TOUCH_DONE}, or {@link #TOUCH_BEHIND}:
     *         the cursor is past the new mark already (the log calls outran the preparer; map
     *         more at once, as no log call will cross the mark to ask)
     */
    int touch(int window, BooleanSupplier cancelled) {
        int end = touchedEnd;
        long cursor = getLongVolatile(map, F_CURSOR);
        if (cursor < touchMark || end >= capacity || cursor > capacity) {
            return TOUCH_NONE; // not asked (woken for a spare), all mapped, or full (the next file is prepared)
        }
        int from = Math.max(end, (int) (cursor & ~(PAGE - 1)));
        int to = (int) Math.min(capacity, (long) from + window);
        if (!mapPages(from, to, cancelled)) {
            return TOUCH_NONE;
        }
        // (Should a rotation have cleared this file for a new generation meanwhile, which marks
        // it all mapped, this puts a mark back: the worst that does is map its pages again.)
        int mark = markMapped(to, window);
        // A log call that crossed the mark before it was set did not wake us: look at the cursor
        // after setting it (both volatile: one of the two sides sees the other).
        return getLongVolatile(map, F_CURSOR) >= mark ? TOUCH_BEHIND : TOUCH_DONE;
    }

    /**
     * Maps the pages from {@code from} up to {@code to} for writing: each page gets an atomic
     * compare-and-set of its first int from 0 to 0 (of the first frame's word in the header's
     * page). That is a write access (the OS maps the page writable, as a log call's first write
     * into it would), yet it changes no byte: a frame a log call wrote there meanwhile is not 0,
     * and the compare fails.
     *
     * @return false if {@code cancelled} said to stop
     */
    private boolean mapPages(int from, int to, BooleanSupplier cancelled) {
        for (int at = from; at < to; at += PAGE) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            compareAndSetInt(map, at == 0 ? FILE_HEADER : at, 0, 0);
            if ((at & SAFEPOINT_BREAK_MASK) == 0) {
                letSafepointIn();
            }
        }
        return true;
    }

    /** Pages before {@code to} are mapped; the mark goes halfway into the window. */
    private int markMapped(int to, int window) {
        touchedEnd = to;
        int mark = to >= capacity ? Integer.MAX_VALUE : to - window / 2;
        touchMark = mark;
        return mark;
    }

    /** True while the file at our path is still the one we mapped (not replaced by a link or FIFO). */
    boolean stillInPlace() {
        try {
            BasicFileAttributes now = SafeFiles.attributes(path);
            return now != null && now.isRegularFile() && Objects.equals(now.fileKey(), fileKey);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a whole frame into a reserved slot under the rotation lock (drop notices, big records). */
    void writeLocked(int position, int kind, long seq, long mono, long epochMillis, byte[] payload, int length) {
        setLong(map, position + W_SEQ, seq);
        setLong(map, position + W_MONO, mono);
        setLong(map, position + W_EPOCH, epochMillis);
        setInt(map, position + W_KIND, kind);
        lockedView.clear().position(position + FRAME_HEADER);
        lockedView.put(payload, 0, length);
        setIntRelease(map, position + W_WORD, STATE_COMMITTED | length);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
