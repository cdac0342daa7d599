package io.nvrx.agent.format;

/**
 * Writes one whole record, ending with a line break, into a reused buffer: the NVRx text line
 * ({@link LineFormatter}, the default) or one JSON object ({@link JsonFormatter},
 * NVRX_LOG_FORMAT=json). Sinks hold one and never care which.
 */
public interface RecordFormatter {
    /**
     * @param loggerName the framework logger's name, or a stream name; may be null
     * @param threadName the thread that logged, or null for the current thread
     * @param callSite   "File.java:45"
     */
    void format(Utf8Buffer out, int level, String loggerName, String threadName, long epochMillis,
                String callSite, CharSequence message, Throwable thrown);

    /**
     * Rewrites, in place, the time of a record this formatter wrote at the start of
     * {@code record}. Node-local mode formats first (to know the size), reserves the record's
     * place in the spool, and only then takes its time stamp. Leaves the record as it is when
     * the new time would not have the same width (an offset change at that very moment).
     */
    void restamp(byte[] record, int length, long epochMillis);
}
