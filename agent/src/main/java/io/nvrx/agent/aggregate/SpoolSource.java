package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

import static io.nvrx.agent.spool.SpoolFormat.*;

/**
 * The aggregator's reader of one spool file. Each poll it reads the committed frames after its
 * position and hands them to the merge pool; it stops at the first frame that a live writer
 * has reserved but not committed yet.
 *
 * <p><b>How long to hold back.</b> A writer takes a frame's time stamp only after reserving the
 * frame. So a frame reserved after the aggregator read this file's cursor at some poll carries
 * a stamp later than the time taken at the start of that poll. When this reader is stuck at a
 * reserved frame, {@link #bound()} is the start time of the last poll whose cursor did not yet
 * cover the frame: every record this file can still deliver has a later stamp, and the
 * aggregator emits nothing at or after that bound until the frame is committed. A frame of a
 * writer that is gone will never be committed: it is skipped and counted.
 *
 * <p><b>Exactly once.</b> Frames are emitted in time order, which within one file is not
 * always file order (two threads). The reader remembers the frames read but not delivered,
 * in file order; the saved state is the position of the first undelivered frame plus the
 * positions of frames delivered beyond it.
 */
final class SpoolSource {
    final String name;
    final Path path;
    final WriterState writer;
    final long order;
    final int capacity;
    final boolean dedicated;
    private final MappedByteBuffer map;
    private final ByteBuffer readView;
    private final Object fileKey;

    private long generation;
    private long readPos;
    private long lastLimit;
    /** Frames read in this generation and not yet behind the delivered prefix, in file order. */
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    /** Positions delivered before a restart, beyond the saved position (sorted). */
    private long[] skip = new long[0];
    private long prevCursor = FILE_HEADER;
    private long prevW;
    private long stuckPos = -1;
    private long stuckBound;
    private boolean readThisPoll;
    /** This poll's read stopped with its budget spent, before the end of what is committed. */
    private boolean stoppedEarly;
    /** Then: the lowest key the unread frames can have. */
    private long earlyBound;
    /** Where the last scan for {@link #earlyBound} began, and the start of its poll. */
    private long earlyFrom = -1;
    private long earlyW;
    /** Per-block stamp minima of this generation's committed frames, made at the first early stop. */
    private BlockMinima minima;
    private long markedGeneration;
    /** Frames of a dead writer that were reserved but never committed (their log calls never returned). */
    long incomplete;
    long maxKey = Long.MIN_VALUE;
    /** Why the file cannot be read any further, once it cannot; reported once. */
    String damage;
    boolean damageReported;

    private SpoolSource(String name, Path path, WriterState writer, long order, MappedByteBuffer map, int capacity,
                        boolean dedicated, Object fileKey) {
        this.name = name;
        this.path = path;
        this.writer = writer;
        this.order = order;
        this.map = map;
        this.readView = map.duplicate();
        this.capacity = capacity;
        this.dedicated = dedicated;
        this.fileKey = fileKey;
    }

    /** A file that is not a spool file of ours; the message says why. */
    static final class NotASpoolFile extends Exception {
        private static final long serialVersionUID = 1L;

        NotASpoolFile(String message) {
            super(message);
        }
    }

    /**
     * Maps and checks a spool file.
     *
     * @param initialBound the start time of the previous poll: this file was not listed then,
     *                     so each of its frames was reserved after that
     */
    static SpoolSource open(Path path, SpoolLayout.Name parsed, WriterState writer, long order,
                            DeliveryState.FileEntry saved, long initialBound) throws IOException, NotASpoolFile {
        BasicFileAttributes attributes = SafeFiles.attributes(path);
        if (attributes == null) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        if (!attributes.isRegularFile()) {
            throw new NotASpoolFile("it is " + SafeFiles.describe(attributes));
        }
        long size = attributes.size();
        if (size < FILE_HEADER || size > (1L << 30) + FILE_HEADER + MAX_PAYLOAD) {
            throw new NotASpoolFile("its size, " + size + " bytes, is not a spool file's");
        }
        MappedByteBuffer map;
        try (FileChannel channel = SafeFiles.openRegular(path, true)) {
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (SafeFiles.NotRegularFileException e) {
            throw new NotASpoolFile(e.getMessage());
        }
        if (getInt(map, F_MAGIC) != FILE_MAGIC || getInt(map, F_VERSION) != VERSION) {
            throw new NotASpoolFile("it does not start with a spool file header");
        }
        int capacity = getInt(map, F_CAPACITY);
        String[] id = parsed.processId.split("-");
        if (capacity != size || getLong(map, F_PID) != Long.parseLong(id[0])
                || getLong(map, F_START) != Long.parseLong(id[1])) {
            throw new NotASpoolFile("its header does not match its name or size");
        }
        SpoolSource source = new SpoolSource(path.getFileName().toString(), path, writer, order, map, capacity,
                (getInt(map, F_FLAGS) & FLAG_DEDICATED) != 0, attributes.fileKey());
        source.markedGeneration = getLongAcquire(map, F_DELIVERED_GENERATION);
        long current = getLongAcquire(map, F_GENERATION);
        source.generation = current;
        source.readPos = FILE_HEADER;
        source.prevW = initialBound;
        if (saved != null && saved.generation == current) {
            source.readPos = Math.max(FILE_HEADER, Math.min(capacity, saved.position));
            source.skip = saved.deliveredBeyond.clone();
            Arrays.sort(source.skip);
            source.prevW = Long.MIN_VALUE; // read positions of an earlier aggregator: nothing known of when
        } else if (source.markedGeneration >= current) {
            // An aggregator marked this generation delivered, which it does only after the save
            // that covers all of it: it is in the node log, whatever state we (do not) have. Not
            // read again, so a lost or damaged state does not repeat delivered files, and a file
            // its writer is zeroing for reuse is never taken for records.
            long dataEnd = getLongAcquire(map, F_DATA_END);
            source.readPos = Math.max(FILE_HEADER, Math.min(capacity, dataEnd));
            source.prevW = Long.MIN_VALUE;
        }
        return source;
    }

    /**
     * Reads newly committed frames into the pool.
     *
     * @param w the time taken at the start of this poll
     * @return the number of records added to the pool
     */
    int read(long w, Consumer<Pending> pool) {
        return read(w, pool, Integer.MAX_VALUE);
    }

    /**
     * Reads at most {@code budget} newly committed frames into the pool (the aggregator's memory
     * is bounded: a backlog of millions of records is read a slice at a time). Stopping before the
     * end, the reader holds the merge back to the lowest stamp among the frames it left, found by
     * scanning their headers: {@link #bound()}.
     */
    int read(long w, Consumer<Pending> pool, int budget) {
        readThisPoll = false;
        stoppedEarly = false;
        if (damage != null) {
            return 0;
        }
        long gen1 = getLongAcquire(map, F_GENERATION);
        long cursor = getLongAcquire(map, F_CURSOR);
        long dataEnd = getLongAcquire(map, F_DATA_END);
        long gen2 = getLongAcquire(map, F_GENERATION);
        if (gen1 != gen2) {
            return 0; // the writer is starting a new generation right now: next poll
        }
        if (gen1 != generation) {
            if (gen1 < generation || markedGeneration < generation) {
                damage = "its generation went from " + generation + " to " + gen1 + " before it was delivered";
                return 0;
            }
            generation = gen1; // reused by its writer after we delivered it
            readPos = FILE_HEADER;
            minima = null;
            held.clear();
            skip = new long[0];
            prevCursor = FILE_HEADER;
            stuckPos = -1;
            earlyFrom = -1;
        }
        boolean dead = writer.dead;
        long limit = Math.min(capacity, dataEnd != 0 ? dataEnd : cursor);
        long oldPrevCursor = prevCursor;
        long oldPrevW = prevW;
        long oldStuckPos = stuckPos;
        long oldStuckBound = stuckBound;
        stuckPos = -1;
        int count = 0;
        int taken = 0;
        while (readPos < limit) {
            if (taken >= budget) {
                stoppedEarly = true;
                if (taken > 0 || readPos != earlyFrom || earlyBound > earlyW) {
                    earlyBound = lowestStampFrom(readPos, limit, dead, w, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound);
                    earlyFrom = readPos;
                    earlyW = w;
                }
                // else nothing was read since the last scan, whose bound is below the time its
                // poll began; every frame reserved since lies past the cursor that poll read, so
                // is stamped later still. The bound stands (a lower bound: reading moves it on).
                break;
            }
            int at = (int) readPos;
            if (at + FRAME_HEADER > limit) {
                if (dead) {
                    incomplete++;
                    readPos = limit;
                    break;
                }
                stuck(at, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound);
                break;
            }
            int word = getIntAcquire(map, at + W_WORD);
            int state = word & STATE_MASK;
            int length = word & LENGTH_MASK;
            int size = frameSize(length);
            if (state == STATE_COMMITTED) {
                if (length > MAX_PAYLOAD || at + size > limit) {
                    damage = "a frame at offset " + at + " claims " + length + " bytes, past the file's end";
                    break;
                }
                int kind = getInt(map, at + W_KIND);
                long mono = getLong(map, at + W_MONO);
                long key = dead && mono > w ? stampOfTheDead(mono) : mono;
                maxKey = Math.max(maxKey, key);
                boolean deliveredBefore = skipped(at);
                Pending frame = new Pending(kind == KIND_DROPPED ? Pending.SPOOL_DROPPED : Pending.SPOOL_TEXT, key,
                        order, at, length, kind == KIND_DROPPED && length >= 8 ? getLong(map, at + FRAME_HEADER) : 0,
                        this, null);
                frame.emitted = deliveredBefore;
                held.addLast(frame);
                taken++;
                if (!deliveredBefore) {
                    pool.accept(frame);
                    count++;
                }
                readPos += size;
            } else if (state == STATE_VOID && length <= MAX_PAYLOAD && at + size <= limit) {
                readPos += size;
            } else if (dead) {
                incomplete++;
                if (state == STATE_RESERVED && length <= MAX_PAYLOAD && at + size <= limit) {
                    readPos += size;
                } else {
                    readPos = resync(at + 8, limit);
                }
            } else {
                stuck(at, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound);
                break;
            }
        }
        popDelivered();
        lastLimit = limit;
        prevCursor = cursor;
        prevW = w;
        readThisPoll = true;
        return count;
    }

    /**
     * The key of a frame of a writer that is gone, stamped after this poll began: its own stamp,
     * since the writer may well have logged it, and died, after the poll took its time (ordering
     * it at the poll's time would put it before records stamped in between). Only a stamp that
     * lies ahead of the clock now, which no frame of this boot can carry (it was committed
     * before we read it), is from an earlier boot and is brought back to now.
     */
    private static long stampOfTheDead(long mono) {
        return Math.min(mono, System.nanoTime());
    }

    private void stuck(long at, long oldPrevCursor, long oldPrevW, long oldStuckPos, long oldStuckBound) {
        stuckPos = at;
        stuckBound = boundOfReservedFrameAt(at, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound);
    }

    /** A lower bound for the stamps of a frame reserved but not committed at {@code at}, and of all after it. */
    private static long boundOfReservedFrameAt(long at, long oldPrevCursor, long oldPrevW, long oldStuckPos,
                                               long oldStuckBound) {
        if (at >= oldPrevCursor) {
            return oldPrevW; // reserved after the cursor read of the previous poll
        } else if (oldStuckPos >= 0 && oldStuckPos <= at) {
            return oldStuckBound; // reserved after the frame we were stuck at before
        }
        return Long.MIN_VALUE;
    }

    /**
     * The lowest key the frames from {@code from} on can have, when this reader stopped there
     * with its budget spent: their headers are scanned (no record is made). Frames past
     * {@code limit} were reserved after this poll read the cursor, so stamped after {@code w},
     * which no emitted record reaches anyway. A frame still reserved by a live writer bounds
     * itself and the rest as when the reader is stuck there.
     */
    private long lowestStampFrom(long from, long limit, boolean dead, long w, long oldPrevCursor, long oldPrevW,
                                 long oldStuckPos, long oldStuckBound) {
        if (minima == null) {
            minima = new BlockMinima(capacity);
        }
        if (minima.summarizedTo < from) {
            minima.restartAt(from);
        }
        // Extend the summary over the committed and void frames that follow it (they never change).
        long at = minima.summarizedTo;
        while (at + FRAME_HEADER <= limit) {
            int word = getIntAcquire(map, (int) at + W_WORD);
            int length = word & LENGTH_MASK;
            int size = frameSize(length);
            int state = word & STATE_MASK;
            if (length > MAX_PAYLOAD || at + size > limit || (state != STATE_COMMITTED && state != STATE_VOID)) {
                break;
            }
            if (state == STATE_COMMITTED) {
                minima.add(at, getLong(map, (int) at + W_MONO));
            }
            at += size;
        }
        minima.summarizedTo = at;
        // The reader's own block from where it stands, exactly; the later blocks by their minima.
        long lowest = minima.lowestAfterBlockOf(from);
        for (long p = from, end = Math.min(BlockMinima.nextBlockStart(from), at); p < end; ) {
            int word = getIntAcquire(map, (int) p + W_WORD);
            if ((word & STATE_MASK) == STATE_COMMITTED) {
                lowest = Math.min(lowest, getLong(map, (int) p + W_MONO));
            }
            p += frameSize(word & LENGTH_MASK);
        }
        if (dead && lowest != Long.MAX_VALUE) {
            lowest = Math.min(lowest, w); // a dead writer's key is at least w then
        }
        return Math.min(lowest, lowestStampScanned(at, limit, dead, w, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound));
    }

    /** As {@link #lowestStampFrom}, frame by frame, past the summarized frames: reserved ones, a dead writer's leftovers. */
    private long lowestStampScanned(long from, long limit, boolean dead, long w, long oldPrevCursor, long oldPrevW,
                                    long oldStuckPos, long oldStuckBound) {
        long lowest = Long.MAX_VALUE;
        long at = from;
        while (at < limit) {
            if (at + FRAME_HEADER > limit) {
                return dead ? lowest : Math.min(lowest, boundOfReservedFrameAt(at, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound));
            }
            int word = getIntAcquire(map, (int) at + W_WORD);
            int state = word & STATE_MASK;
            int length = word & LENGTH_MASK;
            int size = frameSize(length);
            boolean whole = length <= MAX_PAYLOAD && at + size <= limit;
            if (state == STATE_COMMITTED && whole) {
                long mono = getLong(map, (int) at + W_MONO);
                lowest = Math.min(lowest, dead && mono > w ? w : mono); // a dead writer's key is at least w then
                at += size;
            } else if (state == STATE_VOID && whole) {
                at += size;
            } else if (!dead) {
                return Math.min(lowest, boundOfReservedFrameAt(at, oldPrevCursor, oldPrevW, oldStuckPos, oldStuckBound));
            } else if (state == STATE_RESERVED && whole) {
                at += size; // never to be committed: skipped when read
            } else {
                at = resync(at + 8, limit); // as the read will
            }
        }
        return lowest;
    }

    private boolean skipped(long position) {
        return skip.length > 0 && Arrays.binarySearch(skip, position) >= 0;
    }

    /**
     * The next committed-looking frame header at or after {@code from}: after a writer died in
     * the middle of a frame, the frames it committed later are still found. Record text never
     * contains a zero byte while a frame header always does, so text cannot pass for a header.
     */
    private long resync(long from, long limit) {
        for (long at = (from + 7) & ~7L; at + FRAME_HEADER <= limit; at += 8) {
            int word = getInt(map, (int) at);
            int length = word & LENGTH_MASK;
            if ((word & STATE_MASK) == STATE_COMMITTED && length <= MAX_PAYLOAD && at + frameSize(length) <= limit) {
                int kind = getInt(map, (int) at + W_KIND);
                long seq = getLong(map, (int) at + W_SEQ);
                if ((kind == KIND_TEXT || kind == KIND_DROPPED) && seq > 0 && seq < MAX_SEQ) {
                    return at;
                }
            }
        }
        return limit;
    }

    /** The earliest stamp this file may still deliver; Long.MAX_VALUE if it holds nothing back. */
    long bound() {
        if (damage != null) {
            return Long.MAX_VALUE;
        }
        if (stoppedEarly) {
            return earlyBound; // even for a writer that is gone: what is left unread still has its times
        }
        if (writer.dead) {
            return Long.MAX_VALUE;
        }
        if (stuckPos >= 0) {
            return stuckBound;
        }
        return readThisPoll ? Long.MAX_VALUE : prevW;
    }

    boolean stuck() {
        return stuckPos >= 0;
    }

    /** Where the frame this reader waits for starts; -1 when it is not stuck. */
    long stuckPosition() {
        return stuckPos;
    }

    /** Called when a frame of this file has been written to the node log. */
    void delivered(Pending frame) {
        frame.emitted = true;
        popDelivered();
    }

    private void popDelivered() {
        while (!held.isEmpty() && held.peekFirst().emitted) {
            held.pollFirst();
        }
    }

    /** Copies a frame's payload into {@code out}. */
    void copyPayload(Pending frame, ByteBuffer out) {
        int from = (int) frame.position + FRAME_HEADER;
        readView.clear();
        readView.position(from);
        readView.limit(from + (int) frame.extent);
        out.put(readView);
    }

    /** Everything written so far has been read and delivered (nothing held, nothing stuck). */
    boolean drained() {
        return damage != null || (readThisPoll && stuckPos < 0 && readPos >= lastLimit && held.isEmpty());
    }

    /** The current generation is sealed and all of it is in the node log. */
    boolean generationDelivered() {
        long dataEnd = getLongAcquire(map, F_DATA_END);
        return dataEnd != 0 && readPos >= Math.min(capacity, dataEnd) && held.isEmpty()
                && getLongAcquire(map, F_GENERATION) == generation;
    }

    /** The current generation is in the node log and its writer has not been told yet. */
    boolean markable() {
        return damage == null && markedGeneration < generation && generationDelivered();
    }

    /**
     * Tells the writer (through the file header) that this generation is in the node log, so it
     * may reuse the file. Called only after the state that covers it has been saved.
     */
    boolean markDelivered() {
        if (!markable()) {
            return false;
        }
        setLongRelease(map, F_DELIVERED_GENERATION, generation);
        markedGeneration = generation;
        return true;
    }

    DeliveryState.FileEntry entry() {
        long position = held.isEmpty() ? readPos : held.peekFirst().position;
        int n = 0;
        for (Pending frame : held) {
            if (frame.emitted) {
                n++;
            }
        }
        long[] beyond = new long[n];
        int i = 0;
        for (Pending frame : held) {
            if (frame.emitted) {
                beyond[i++] = frame.position;
            }
        }
        return new DeliveryState.FileEntry(generation, position, beyond);
    }

    /** Deletes the file, if the file at the path is still the one read here. */
    void delete() {
        try {
            BasicFileAttributes now = SafeFiles.attributes(path);
            if (now != null && Objects.equals(now.fileKey(), fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // left behind; a later aggregator will find it delivered
        }
    }
}
