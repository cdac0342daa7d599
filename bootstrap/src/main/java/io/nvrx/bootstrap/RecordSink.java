package io.nvrx.bootstrap;

/**
 * Where routed records go: the console in regular mode, this process's spool files in
 * node-local mode. Implemented by the agent; called only through {@link Router}, which guards
 * against re-entry and failures.
 */
public interface RecordSink {
    /** The record was headed for standard output. */
    int STDOUT = 1;
    /** The record was headed for standard error. */
    int STDERR = 2;

    /**
     * Writes one record. It must copy what it keeps: the caller may reuse its objects after
     * this returns.
     *
     * @param level       a {@link Levels} value
     * @param loggerName  the framework logger's name, or a stream name ("stderr")
     * @param threadName  the thread that logged, or null for the current thread
     * @param epochMillis the event time, or a negative value for "now"
     * @param message     the formatted message, without the application's layout
     * @param thrown      the attached throwable, or null
     * @param callSite    "File.java:45", or null when the sink must find the caller itself
     * @param stream      {@link #STDOUT} or {@link #STDERR}: where the console copy was going
     */
    void write(int level, String loggerName, String threadName, long epochMillis,
               CharSequence message, Throwable thrown, String callSite, int stream);

    /** Finds the caller's file:line by walking the current stack; used when no call site was marked. */
    String findCallSite();
}
