package io.nvrx.agent.spool;

import io.nvrx.agent.format.RecordFormatter;
import io.nvrx.agent.format.Utf8Buffer;
import io.nvrx.agent.sink.CallerLocator;
import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.RecordSink;

/**
 * Node-local mode's sink: each record is formatted into a per-thread buffer and appended to this
 * process's spool ({@link SpoolWriter}). Records the spool refuses (after close, or after a
 * failure such as a full disk) are printed on the console instead, so none is lost silently.
 */
public final class SpoolSink implements RecordSink {
    private static final ThreadLocal<SpoolWriter.ThreadScratch> SCRATCH = new ThreadLocal<SpoolWriter.ThreadScratch>() {
        @Override
        protected SpoolWriter.ThreadScratch initialValue() {
            return new SpoolWriter.ThreadScratch();
        }
    };

    private final RecordFormatter formatter;
    private final SpoolWriter writer;
    private final RecordSink console;
    private final AggregatorSpawner spawner;
    private final long exitWaitMillis;
    private final CallerLocator callers = new CallerLocator();

    SpoolSink(RecordFormatter formatter, SpoolWriter writer, RecordSink console, AggregatorSpawner spawner,
              long exitWaitMillis) {
        this.formatter = formatter;
        this.writer = writer;
        this.console = console;
        this.spawner = spawner;
        this.exitWaitMillis = exitWaitMillis;
    }

    @Override
    public void write(int level, String loggerName, String threadName, long epochMillis,
                      CharSequence message, Throwable thrown, String callSite, int stream) {
        if (!writer.refusing()) {
            SpoolWriter.ThreadScratch scratch = SCRATCH.get();
            Utf8Buffer text = scratch.text;
            text.clear();
            // The time written here is a placeholder of the same width: the writer puts the
            // frame's own stamp in once the record has its place in the spool.
            formatter.format(text, level, loggerName, threadName,
                    epochMillis < 0 ? System.currentTimeMillis() : epochMillis, callSite, message, thrown);
            if (writer.append(scratch, formatter) != SpoolWriter.REFUSED) {
                return;
            }
        }
        console.write(level, loggerName, threadName, epochMillis, message, thrown, callSite, stream);
    }

    @Override
    public String findCallSite() {
        return callers.find();
    }

    /**
     * At exit: stop taking records, then wait (at most NVRX_EXIT_WAIT_MS) until the aggregator
     * has put all of this process's records into the node log. Launchers such as SLURM kill
     * what is left of a job once its last task exits; waiting here keeps the tail of the log.
     */
    void closeAndAwaitDelivery() {
        writer.close();
        if (exitWaitMillis <= 0) {
            return;
        }
        boolean aggregatorRuns = spawner != null ? spawner.ensureRunning() : AggregatorSpawner.probeOnly(writer.dir());
        if (!aggregatorRuns) {
            return; // nobody to wait for: the next aggregator delivers what is left
        }
        if (!writer.awaitDelivery(exitWaitMillis)) {
            Diagnostics.warn("nvrx-agent: some records of this process were not yet in the node log after "
                    + exitWaitMillis + " ms (NVRX_EXIT_WAIT_MS); they stay in " + writer.dir()
                    + " for the aggregator");
        }
    }

    /** Stops taking records without waiting (the API's forceReset switched to another setup). */
    void closeNow() {
        writer.close();
        if (spawner != null) {
            spawner.stop();
        }
    }

    SpoolWriter writer() {
        return writer;
    }
}
