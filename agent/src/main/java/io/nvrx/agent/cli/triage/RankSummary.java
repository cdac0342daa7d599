package io.nvrx.agent.cli.triage;

import io.nvrx.agent.cli.read.LogRecord;

import java.nio.charset.StandardCharsets;

/** What triage keeps about one rank: counts, first and last record time, its first error. */
public final class RankSummary {
    private static final int KEEP_BYTES = 240;

    final String label;
    final int sortRank;
    String node;
    long records;
    long firstTime = Long.MAX_VALUE;
    long lastTime = Long.MIN_VALUE;
    long errors;
    long firstErrorTime = Long.MAX_VALUE;
    String firstError;
    String firstErrorDetail;
    private final byte[] lastHeader = new byte[KEEP_BYTES];
    private int lastHeaderLength;

    RankSummary(String label, int sortRank) {
        this.label = label;
        this.sortRank = sortRank;
    }

    void add(LogRecord r) {
        if (node == null) {
            node = r.node();
        }
        records++;
        long t = r.epochMillis();
        firstTime = Math.min(firstTime, t);
        if (t >= lastTime) {
            lastTime = t;
            // Copy only a prefix of the header: no String per record.
            lastHeaderLength = Math.min(KEEP_BYTES, r.length());
            System.arraycopy(r.bytes(), r.start(), lastHeader, 0, lastHeaderLength);
        }
        if (r.level() >= 40) {
            errors++;
            if (t < firstErrorTime) {
                firstErrorTime = t;
                String site = r.callSite();
                firstError = "[" + io.nvrx.agent.cli.read.Levels.name(r.level()) + "] " + (site.isEmpty() ? "" : site + " ")
                        + shorten(r.message());
                firstErrorDetail = firstContinuationLine(r);
            }
        }
    }

    /** The last record's first line, shortened. */
    String lastLine() {
        String text = new String(lastHeader, 0, lastHeaderLength, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return shorten(nl < 0 ? text : text.substring(0, nl));
    }

    private static String firstContinuationLine(LogRecord r) {
        if (r.kind() == LogRecord.Kind.JSON) {
            String trace = io.nvrx.agent.cli.read.JsonRecords.stringField(r.bytes(), r.start(), r.end(), "stack_trace");
            if (trace != null && !trace.isEmpty()) {
                int nl = trace.indexOf('\n');
                return shorten(nl < 0 ? trace : trace.substring(0, nl));
            }
            return null;
        }
        if (r.continuationLines() == 0) {
            return null;
        }
        String text = new String(r.bytes(), r.start(), Math.min(r.length(), 4096), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", 3);
        return lines.length > 1 ? shorten(lines[1]) : null;
    }

    /**
     * Shortened, and safe for a terminal: control characters (an escape sequence in a JSON
     * record's message, a line break) and invisible layout controls are shown as escapes,
     * as the text format writes them.
     */
    static String shorten(String s) {
        StringBuilder visible = new StringBuilder(Math.min(s.length(), 200));
        int i = 0;
        for (; i < s.length() && visible.length() < 160; i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                visible.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
            } else if (c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                visible.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                visible.append(c);
            }
        }
        if (i == s.length() && visible.length() <= 160) {
            return visible.toString();
        }
        return visible.substring(0, Math.min(visible.length(), 157)) + "...";
    }
}
