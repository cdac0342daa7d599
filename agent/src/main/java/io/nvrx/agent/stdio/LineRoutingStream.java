package io.nvrx.agent.stdio;

import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.ThreadState;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The stream under the replacement System.err (and, as an option, System.out): it splits what
 * the program prints into lines and routes each line as one record (INFO, logger "stderr").
 *
 * <p>A stack trace printed by {@code printStackTrace()} stays one record (ERROR): its lines
 * are gathered while {@code Throwable.printStackTrace} is on the stack, and the record is
 * written as soon as the trace is complete. Completion is seen without instrumenting
 * Throwable: printStackTrace holds the PrintStream's lock for the whole trace, so a small daemon
 * thread that calls {@code flush()} on the PrintStream gets in only after the last line.
 *
 * <p>Whenever the agent cannot route (it is off, or this thread is inside the agent), the
 * bytes go unchanged to the original stream.
 */
public final class LineRoutingStream extends OutputStream {
    /** A line longer than this is routed in pieces rather than held in memory. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    private final int stream;
    private final String name;
    private final String unknownCallSite;
    private final Charset charset;
    private final PrintStream original;

    private byte[] line = new byte[256];
    private int length;
    private PendingTrace pending;
    private volatile PrintStream installedAs;
    private volatile Thread flusher;
    private volatile boolean flushRequested;

    public LineRoutingStream(int stream, String name, Charset charset, PrintStream original) {
        this.stream = stream;
        this.name = name;
        this.unknownCallSite = "<" + name + ">:0";
        this.charset = charset;
        this.original = original;
    }

    /** The PrintStream that wraps this stream and is installed as System.err or System.out. */
    void installedAs(PrintStream printStream) {
        this.installedAs = printStream;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            completeLine();
        } else {
            append((byte) b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int count) {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                completeLine();
            } else {
                append(b);
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (Thread.currentThread() == flusher) {
            writePendingTrace();
        }
    }

    /** At exit: whatever is held (a trace, a last line without a line break) is written. */
    public synchronized void flushAtExit() {
        writePendingTrace();
        if (length > 0) {
            completeLine();
        }
    }

    private void append(byte b) {
        if (length == line.length) {
            if (length >= MAX_LINE_BYTES) {
                completeLine();
            } else {
                line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
            }
        }
        line[length++] = b;
    }

    private void completeLine() {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text = new String(line, 0, end, charset);
        length = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256];
        }
        if (!Router.active() || ThreadState.get().busy()) {
            writePendingTrace();
            passThrough(text);
            return;
        }
        StreamCaller caller = StreamCaller.find(unknownCallSite);
        if (caller.insideStackTrace) {
            if (pending != null && pending.hasFrames() && !PendingTrace.isTraceDetail(text)) {
                writePendingTrace(); // a second trace printed right after the first
            }
            if (pending == null) {
                pending = new PendingTrace(text, caller.callSite, System.currentTimeMillis());
            } else {
                pending.add(text);
            }
            requestFlush();
            return;
        }
        writePendingTrace();
        route(Levels.INFO, text, caller.callSite, System.currentTimeMillis(), null);
    }

    private void writePendingTrace() {
        PendingTrace trace = pending;
        if (trace != null) {
            pending = null;
            route(Levels.ERROR, trace.text(), trace.callSite, trace.epochMillis, trace.threadName);
        }
    }

    private void route(int level, String text, String callSite, long epochMillis, String threadName) {
        if (!Router.route(level, name, threadName, epochMillis, text, null, callSite, stream)) {
            passThrough(text);
        }
    }

    private void passThrough(String text) {
        byte[] bytes = (text + "\n").getBytes(charset);
        original.write(bytes, 0, bytes.length);
        original.flush();
    }

    private void requestFlush() {
        flushRequested = true;
        Thread thread = flusher;
        if (thread == null) {
            thread = new Thread("nvrx-" + name + "-trace-flusher") {
                @Override
                public void run() {
                    flushLoop();
                }
            };
            thread.setDaemon(true);
            flusher = thread;
            thread.start();
        } else {
            LockSupport.unpark(thread);
        }
    }

    private void flushLoop() {
        while (true) {
            if (flushRequested) {
                flushRequested = false;
                PrintStream printStream = installedAs;
                if (printStream != null) {
                    printStream.flush(); // blocks until printStackTrace releases the stream
                } else {
                    flush();
                }
            } else {
                LockSupport.park(this);
            }
        }
    }
}
