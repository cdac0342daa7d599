package io.nvrx.agent.sink;

import io.nvrx.agent.format.RecordFormatter;
import io.nvrx.agent.format.Utf8Buffer;
import io.nvrx.bootstrap.RecordSink;

import java.io.PrintStream;

/**
 * Regular mode: each record, as one NVRx-formatted write, on the stream its console copy was
 * going to (or all on stdout with NVRX_LOG_TO_STDOUT). Writes go through the JVM's original
 * System.out/System.err objects, under their own locks, so records and the program's own
 * output keep their order; nothing is buffered in the agent.
 */
public final class ConsoleSink implements RecordSink {
    private static final ThreadLocal<Utf8Buffer> BUFFER = new ThreadLocal<Utf8Buffer>() {
        @Override
        protected Utf8Buffer initialValue() {
            return new Utf8Buffer();
        }
    };

    private final RecordFormatter formatter;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean allToStdout;
    private final CallerLocator callers = new CallerLocator();

    public ConsoleSink(RecordFormatter formatter, PrintStream originalStdout, PrintStream originalStderr,
                       boolean allToStdout) {
        this.formatter = formatter;
        this.stdout = originalStdout;
        this.stderr = originalStderr;
        this.allToStdout = allToStdout;
    }

    @Override
    public void write(int level, String loggerName, String threadName, long epochMillis,
                      CharSequence message, Throwable thrown, String callSite, int stream) {
        Utf8Buffer buffer = BUFFER.get();
        buffer.clear();
        formatter.format(buffer, level, loggerName, threadName,
                epochMillis < 0 ? System.currentTimeMillis() : epochMillis, callSite, message, thrown);
        PrintStream target = allToStdout || stream == STDOUT ? stdout : stderr;
        target.write(buffer.array(), 0, buffer.length());
        target.flush();
    }

    @Override
    public String findCallSite() {
        return callers.find();
    }
}
