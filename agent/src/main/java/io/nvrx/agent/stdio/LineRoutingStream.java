package io.nvrx.agent.stdio;

import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.ThreadState;

import java.io.IOException;
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
 * bytes go unchanged to the original stream, byte for byte. An error of the original stream
 * (a closed stderr, a broken pipe) is an error here too, so the program's {@code checkError()}
 * sees it.
 *
 * <p>A partial line is held until its line break (or the exit): a prompt printed without one
 * shows when its line ends. A flush cannot tell the program's own from the one PrintStream
 * makes after every print (its autoflush writes through its own encoder, into itself), so a
 * flush does not release a partial line.
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
    private final byte[] oneByte = new byte[1];
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
    public synchronized void write(int b) throws IOException {
        oneByte[0] = (byte) b;
        write(oneByte, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int count) throws IOException {
        int end = offset + count;
        if (!Router.active()) {
            releaseHeld(); // the agent is off: everything goes out as it is
            original.write(bytes, offset, count);
        } else {
            for (int i = offset; i < end; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    completeLine(true);
                } else {
                    append(b);
                }
            }
        }
    }

    /**
     * Also where an error of the original stream becomes ours: the replacement PrintStream
     * (auto-flushing) flushes after every write, and its checkError() flushes first.
     */
    @Override
    public synchronized void flush() throws IOException {
        if (Thread.currentThread() == flusher) {
            writePendingTrace();
            return;
        }
        failIfOriginalFailed();
    }

    /** At exit: whatever is held (a trace, a last line without a line break) is written. */
    public synchronized void flushAtExit() {
        writePendingTrace();
        if (length > 0) {
            completeLine(false);
        }
    }

    /** The agent went off: what is held goes out, a trace as text, a partial line as its bytes. */
    private void releaseHeld() {
        writePendingTrace();
        if (length > 0) {
            original.write(line, 0, length);
            length = 0;
        }
    }

    private void failIfOriginalFailed() throws IOException {
        if (original.checkError()) {
            throw new IOException("the original " + name + " stream failed");
        }
    }

    private void append(byte b) {
        if (length == line.length) {
            if (length >= MAX_LINE_BYTES) {
                completeLine(false); // routed in pieces; passed through without a line break of ours
            } else {
                line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
            }
        }
        line[length++] = b;
    }

    /** @param lineBreak the line ended with a line break (else: a piece of a long line, or the last bytes at exit) */
    private void completeLine(boolean lineBreak) {
        if (!Router.active() || ThreadState.get().busy()) {
            writePendingTrace();
            original.write(line, 0, length); // as it is, byte for byte
            if (lineBreak) {
                original.write('\n');
            }
            original.flush();
            clearLine();
            return;
        }
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text = new String(line, 0, end, charset);
        clearLine();
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

    private void clearLine() {
        length = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256];
        }
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
                    synchronized (this) {
                        writePendingTrace();
                    }
                }
            } else {
                LockSupport.park(this);
            }
        }
    }
}
