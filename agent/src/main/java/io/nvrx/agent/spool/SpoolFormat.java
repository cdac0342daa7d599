package io.nvrx.agent.spool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layout of node-local spool files, shared by the writer (in every process) and the
 * aggregator. JDK types only: the aggregator runs from the agent jar without the bootstrap classes.
 *
 * <p>A spool file ({@code nvrx-spool.<pid>-<start>.<n>.bin}) is memory-mapped by its writer. It
 * starts with a 64-byte header, then holds frames, each 8-byte aligned:
 * <pre>
 *   header   0 int magic "NVRS"     4 int version      8 long pid        16 long process start (epoch ms)
 *           24 long cursor (next free byte; writers reserve with an atomic add; may pass the capacity)
 *           32 long data end (0 while open; where the last frame ends once sealed)
 *           40 long generation (the writer reuses a delivered file: +1 each time)
 *           48 long delivered generation (written by the aggregator once a generation is in the node log)
 *           56 int capacity (file size)   60 int flags (1: a dedicated file for one big record)
 *   frame    0 int word: state (2 top bits) | payload length   4 int kind   8 long sequence number
 *           16 long monotonic time (System.nanoTime, CLOCK_MONOTONIC: one clock for all processes of a host)
 *           24 long epoch milliseconds (the printed time)   32 payload, then zero padding to 8 bytes
 * </pre>
 * The sequence number is unique within the process: the file's base (given when the file
 * starts a generation, past every base given before) plus the frame's position / 8, so that a
 * log call needs no counter of its own.
 * A writer reserves a frame, writes its word as RESERVED with the length, then takes its time
 * stamps, copies the payload and finally stores COMMITTED with a release store. The aggregator
 * reads a frame only after it sees COMMITTED (acquire load). A frame's payload is the formatted
 * NVRx text of one record; text written by the agent never contains a zero byte, while every
 * frame header does (in its kind and sequence fields), so no message can pose as a frame.
 */
public final class SpoolFormat {
    public static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ORDER);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ORDER);

    public static final int FILE_MAGIC = 0x4E565253; // "NVRS"
    public static final int VERSION = 1;
    public static final int FILE_HEADER = 64;
    public static final int F_MAGIC = 0;
    public static final int F_VERSION = 4;
    public static final int F_PID = 8;
    public static final int F_START = 16;
    public static final int F_CURSOR = 24;
    public static final int F_DATA_END = 32;
    public static final int F_GENERATION = 40;
    public static final int F_DELIVERED_GENERATION = 48;
    public static final int F_CAPACITY = 56;
    public static final int F_FLAGS = 60;
    public static final int FLAG_DEDICATED = 1;

    public static final int FRAME_HEADER = 32;
    public static final int W_WORD = 0;
    public static final int W_KIND = 4;
    public static final int W_SEQ = 8;
    public static final int W_MONO = 16;
    public static final int W_EPOCH = 24;

    public static final int STATE_MASK = 0xC000_0000;
    public static final int STATE_FREE = 0;
    public static final int STATE_RESERVED = 0x4000_0000;
    public static final int STATE_COMMITTED = 0x8000_0000;
    /** A reserved frame its writer gave up (the aggregator skips it). */
    public static final int STATE_VOID = 0xC000_0000;
    public static final int LENGTH_MASK = 0x3FFF_FFFF;

    /** A record: the payload is NVRx text. */
    public static final int KIND_TEXT = 0;
    /** A notice that records were dropped: the payload is the process's running total (8 bytes). */
    public static final int KIND_DROPPED = 1;

    /** The largest payload of one frame; a longer record is cut (see README). */
    public static final int MAX_PAYLOAD = 16 << 20;
    /** Sequence numbers stay below this, so their top bytes are zero (see the class comment). */
    public static final long MAX_SEQ = 1L << 48;

    private SpoolFormat() {}

    /** Bytes a frame with {@code payload} bytes occupies, header and padding included. */
    public static int frameSize(int payload) {
        return (FRAME_HEADER + payload + 7) & ~7;
    }

    public static long getLong(ByteBuffer b, int offset) {
        return (long) LONGS.get(b, offset);
    }

    public static long getLongAcquire(ByteBuffer b, int offset) {
        return (long) LONGS.getAcquire(b, offset);
    }

    public static long getLongVolatile(ByteBuffer b, int offset) {
        return (long) LONGS.getVolatile(b, offset);
    }

    public static long getLongOpaque(ByteBuffer b, int offset) {
        return (long) LONGS.getOpaque(b, offset);
    }

    public static void setLong(ByteBuffer b, int offset, long value) {
        LONGS.set(b, offset, value);
    }

    public static void setLongRelease(ByteBuffer b, int offset, long value) {
        LONGS.setRelease(b, offset, value);
    }

    public static long getAndAddLong(ByteBuffer b, int offset, long delta) {
        return (long) LONGS.getAndAdd(b, offset, delta);
    }

    public static int getInt(ByteBuffer b, int offset) {
        return (int) INTS.get(b, offset);
    }

    public static int getIntAcquire(ByteBuffer b, int offset) {
        return (int) INTS.getAcquire(b, offset);
    }

    public static void setInt(ByteBuffer b, int offset, int value) {
        INTS.set(b, offset, value);
    }

    public static void setIntOpaque(ByteBuffer b, int offset, int value) {
        INTS.setOpaque(b, offset, value);
    }

    public static void setIntRelease(ByteBuffer b, int offset, int value) {
        INTS.setRelease(b, offset, value);
    }

    public static boolean compareAndSetInt(ByteBuffer b, int offset, int expected, int value) {
        return INTS.compareAndSet(b, offset, expected, value);
    }

    public static void orIntRelease(ByteBuffer b, int offset, int bits) {
        INTS.getAndBitwiseOrRelease(b, offset, bits);
    }
}
