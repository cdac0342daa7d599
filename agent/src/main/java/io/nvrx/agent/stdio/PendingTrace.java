package io.nvrx.agent.stdio;

/** The lines of one stack trace printed on a standard stream, gathered into one record. */
final class PendingTrace {
    final String callSite;
    final long epochMillis;
    /** The thread that printed it: a flusher thread may write the record later. */
    final String threadName = Thread.currentThread().getName();
    private final StringBuilder text;
    private boolean hasFrames;

    PendingTrace(String firstLine, String callSite, long epochMillis) {
        this.text = new StringBuilder(firstLine);
        this.callSite = callSite;
        this.epochMillis = epochMillis;
    }

    void add(String line) {
        text.append('\n').append(line);
        hasFrames |= line.startsWith("\tat ");
    }

    boolean hasFrames() {
        return hasFrames;
    }

    String text() {
        return text.toString();
    }

    /** Frame, cause, suppressed and "... n more" lines: the body of a trace, never its start. */
    static boolean isTraceDetail(String line) {
        return line.startsWith("\t") || line.startsWith("Caused by: ") || line.startsWith("Suppressed: ");
    }
}
