package io.nvrx.agent.format;

import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Levels;

import java.nio.charset.StandardCharsets;

/**
 * NVRX_LOG_FORMAT=json: one JSON object per record, on one line, for Fluent Bit, Vector or
 * Filebeat to ship:
 * <pre>{"time":"2024-01-15T10:30:45.123+01:00","level":"INFO","node":"node001","rank":0,"local_rank":0,
 * "infra_rank":0,"infra_local_rank":0,"file":"Trainer.java","line":45,"logger":"app.Trainer",
 * "thread":"main","message":"Training started"}</pre>
 * plus {@code "stack_trace"} (printStackTrace's text) when the record has a throwable. Unknown
 * ranks are {@code null}. Written straight into the reused buffer: no JSON library, no
 * String per field; the node and rank part is computed once.
 */
public final class JsonFormatter implements RecordFormatter {
    private static final byte[][] LEVEL_FIELDS = new byte[6][];

    static {
        for (int i = 0; i < LEVEL_FIELDS.length; i++) {
            LEVEL_FIELDS[i] = ("\",\"level\":\"" + Levels.name(i * 10) + "\",").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] TIME = ascii("{\"time\":\"");
    private static final byte[] FILE = ascii(",\"file\":");
    private static final byte[] LINE = ascii(",\"line\":");
    private static final byte[] LOGGER = ascii(",\"logger\":");
    private static final byte[] THREAD = ascii(",\"thread\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] STACK_TRACE = ascii(",\"stack_trace\":");
    private static final byte[] END = ascii("}\n");

    private final IsoTimestampCache time;
    private final byte[] rankFields;

    public JsonFormatter(RankInfo rank, boolean utc) {
        this.time = new IsoTimestampCache(utc);
        Utf8Buffer fields = new Utf8Buffer();
        fields.putAscii("\"node\":");
        JsonText.appendQuoted(fields, rank.nodeId);
        fields.putAscii(",\"rank\":" + rank(rank.workloadRank) + ",\"local_rank\":" + rank(rank.workloadLocalRank)
                + ",\"infra_rank\":" + rank(rank.infraRank) + ",\"infra_local_rank\":" + rank(rank.infraLocalRank));
        this.rankFields = java.util.Arrays.copyOf(fields.array(), fields.length());
    }

    @Override
    public void restamp(byte[] record, int length, long epochMillis) {
        time.rewrite(record, TIME.length, length, epochMillis);
    }

    @Override
    public void format(Utf8Buffer out, int level, String loggerName, String threadName, long epochMillis,
                       String callSite, CharSequence message, Throwable thrown) {
        out.put(TIME);
        time.append(out, epochMillis);
        out.put(LEVEL_FIELDS[Math.max(0, Math.min(5, level / 10))]);
        out.put(rankFields);
        callSite(out, callSite == null ? "<unknown>:0" : callSite);
        out.put(LOGGER);
        JsonText.appendQuoted(out, loggerName);
        out.put(THREAD);
        JsonText.appendQuoted(out, threadName != null ? threadName : Thread.currentThread().getName());
        out.put(MESSAGE);
        JsonText.appendQuoted(out, message == null ? "null" : message);
        if (thrown != null) {
            String trace = StackTraceText.of(thrown);
            int end = trace.endsWith("\n") ? trace.length() - 1 : trace.length();
            out.put(STACK_TRACE);
            out.put((byte) '"');
            JsonText.append(out, trace.substring(0, end));
            out.put((byte) '"');
        }
        out.put(END);
    }

    /** "File.java:45" as "file":"File.java","line":45, without a substring. */
    private static void callSite(Utf8Buffer out, String site) {
        int colon = site.lastIndexOf(':');
        boolean numbered = colon > 0 && colon < site.length() - 1 && colon >= site.length() - 10;
        for (int i = colon + 1; numbered && i < site.length(); i++) {
            numbered = site.charAt(i) >= '0' && site.charAt(i) <= '9';
        }
        out.put(FILE);
        out.put((byte) '"');
        JsonText.append(out, site, 0, numbered ? colon : site.length());
        out.put((byte) '"');
        out.put(LINE);
        if (numbered) {
            for (int i = colon + 1; i < site.length(); i++) {
                out.put((byte) site.charAt(i));
            }
        } else {
            out.put((byte) '0');
        }
    }

    private static String rank(Integer value) {
        return value == null ? "null" : value.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
