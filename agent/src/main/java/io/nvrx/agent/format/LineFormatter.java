package io.nvrx.agent.format;

import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Levels;

import java.nio.charset.StandardCharsets;

/**
 * The NVRx line, byte for byte as upstream:
 * <pre>2024-01-15 10:30:45,123 [INFO] [node001] [workload:0(0) infra:0(0)] Trainer.java:45 Training started</pre>
 * followed, for a record with a throwable, by its stack trace on the next lines. Everything
 * but the time, level, call site and message is computed once.
 */
public final class LineFormatter implements RecordFormatter {
    private static final byte[][] LEVEL_FIELDS = new byte[6][];

    static {
        for (int i = 0; i < LEVEL_FIELDS.length; i++) {
            LEVEL_FIELDS[i] = (" [" + Levels.name(i * 10) + "] ").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final TimestampCache time;
    private final byte[] rankFields;

    public LineFormatter(RankInfo rank, boolean utc) {
        this.time = new TimestampCache(utc);
        Utf8Buffer fields = new Utf8Buffer();
        SafeText.append(fields, rank.headerFields() + " ", false);
        this.rankFields = java.util.Arrays.copyOf(fields.array(), fields.length());
    }

    @Override
    public void format(Utf8Buffer out, int level, String loggerName, String threadName, long epochMillis,
                       String callSite, CharSequence message, Throwable thrown) {
        format(out, level, epochMillis, callSite, message, thrown); // the text line names neither
    }

    @Override
    public void restamp(byte[] record, int length, long epochMillis) {
        time.rewrite(record, length, epochMillis);
    }

    /** Appends one whole record, ending with a line break. */
    public void format(Utf8Buffer out, int level, long epochMillis, String callSite,
                       CharSequence message, Throwable thrown) {
        time.append(out, epochMillis);
        out.put(LEVEL_FIELDS[Math.max(0, Math.min(5, level / 10))]);
        out.put(rankFields);
        SafeText.append(out, callSite, false);
        out.put((byte) ' ');
        SafeText.append(out, message == null ? "null" : message, false);
        out.put((byte) '\n');
        if (thrown != null) {
            String trace = StackTraceText.of(thrown);
            int end = trace.endsWith("\n") ? trace.length() - 1 : trace.length();
            SafeText.append(out, trace.substring(0, end), true);
            out.put((byte) '\n');
        }
    }
}
