package io.nvrx.agent.cli.read;

/**
 * Recognises and parses an NVRx text header line at the byte level (no regex, no String):
 * <pre>2024-01-15 10:30:45,123 [INFO] [node001] [workload:0(0) infra:?(?)] Trainer.java:45 message</pre>
 * The same shape as it-tests' NvrxLine pattern, a little more lenient after the rank fields
 * (any call site such as {@code <stdin>:3}, an empty message), so that upstream Python lines
 * parse too. A line that does not match is a continuation of the record before it.
 */
public final class HeaderParser {
    static final int TIME_LENGTH = 23; // yyyy-MM-dd HH:mm:ss,SSS
    private static final byte[] WORKLOAD = "] [workload:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] INFRA = " infra:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private HeaderParser() {}

    /**
     * Parses the line {@code b[from, to)} (without its line break) into {@code r}'s fields;
     * returns false, leaving {@code r} in an unspecified state, if it is not a header.
     */
    public static boolean parse(byte[] b, int from, int to, LogRecord r, LocalTimes times) {
        if (to - from < TIME_LENGTH + 30 || b[from + TIME_LENGTH] != ' ' || b[from + TIME_LENGTH + 1] != '[') {
            return false;
        }
        long epoch = parseTime(b, from, times);
        if (epoch == Long.MIN_VALUE) {
            return false;
        }
        int p = from + TIME_LENGTH + 2;
        int level = level(b, p, to);
        if (level == 0) {
            return false;
        }
        p += Levels.nameLength(level);
        if (p + 3 > to || b[p] != ']' || b[p + 1] != ' ' || b[p + 2] != '[') {
            return false;
        }
        int nodeStart = p + 3;
        int nodeEnd = indexOf(b, nodeStart, to, WORKLOAD);
        if (nodeEnd < 0) {
            return false;
        }
        p = nodeEnd + WORKLOAD.length;
        long packed;
        // workload:R(LR)
        if ((packed = rankToken(b, p, to)) < 0) return false;
        int rank = (int) (packed >> 32) - 1;
        p = (int) packed;
        if (p >= to || b[p++] != '(') return false;
        if ((packed = rankToken(b, p, to)) < 0) return false;
        int localRank = (int) (packed >> 32) - 1;
        p = (int) packed;
        if (p >= to || b[p++] != ')') return false;
        if (!startsWith(b, p, to, INFRA)) return false;
        p += INFRA.length;
        if ((packed = rankToken(b, p, to)) < 0) return false;
        int infraRank = (int) (packed >> 32) - 1;
        p = (int) packed;
        if (p >= to || b[p++] != '(') return false;
        if ((packed = rankToken(b, p, to)) < 0) return false;
        int infraLocalRank = (int) (packed >> 32) - 1;
        p = (int) packed;
        if (p + 1 > to || b[p++] != ')' || p >= to || b[p++] != ']') return false;
        if (p < to && b[p] != ' ' && b[p] != '\r') return false;

        r.kind = LogRecord.Kind.TEXT;
        r.epochMillis = epoch;
        r.level = level;
        r.rank = rank;
        r.localRank = localRank;
        r.infraRank = infraRank;
        r.infraLocalRank = infraLocalRank;
        r.nodeBytes = b;
        r.nodeStart = nodeStart;
        r.nodeEnd = nodeEnd;
        int siteStart = Math.min(p + 1, to);
        int siteEnd = siteStart;
        while (siteEnd < to && b[siteEnd] != ' ') {
            siteEnd++;
        }
        r.siteStart = siteStart;
        r.siteEnd = siteEnd;
        r.messageStart = Math.min(siteEnd + 1, to);
        return true;
    }

    /** True if the line could start a header: a cheap check before {@link #parse}. */
    public static boolean mayBeHeader(byte[] b, int from, int to) {
        return to - from > TIME_LENGTH + 30 && b[from + 4] == '-' && b[from + 10] == ' ' && b[from + 19] == ','
                && b[from + TIME_LENGTH] == ' ' && isDigit(b[from]);
    }

    /** Epoch millis of {@code yyyy-MM-dd HH:mm:ss,SSS} at {@code from}, or Long.MIN_VALUE. */
    static long parseTime(byte[] b, int from, LocalTimes times) {
        if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != ' ' || b[from + 13] != ':'
                || b[from + 16] != ':' || b[from + 19] != ',') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        int millis = digits(b, from + 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0 || month < 1 || month > 12 || day < 1
                || day > 31 || hour > 23 || minute > 59 || second > 60) {
            return Long.MIN_VALUE;
        }
        return times.toEpochMillis(year, month, day, hour, minute, second, millis);
    }

    /** The value of {@code n} decimal digits, or -1 if any is not a digit. */
    static int digits(byte[] b, int from, int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            int d = b[from + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static int level(byte[] b, int p, int to) {
        if (p >= to) {
            return 0;
        }
        switch (b[p]) {
            case 'D': return startsWith(b, p, to, Levels.DEBUG) ? 10 : 0;
            case 'I': return startsWith(b, p, to, Levels.INFO) ? 20 : 0;
            case 'W': return startsWith(b, p, to, Levels.WARNING) ? 30 : 0;
            case 'E': return startsWith(b, p, to, Levels.ERROR) ? 40 : 0;
            case 'C': return startsWith(b, p, to, Levels.CRITICAL) ? 50 : 0;
            default: return 0;
        }
    }

    /** A rank ({@code ?} or up to 9 digits): value + 1 (0 for ?) in the high half, the end position in the low; -1 if none. */
    private static long rankToken(byte[] b, int p, int to) {
        if (p >= to) {
            return -1;
        }
        if (b[p] == '?') {
            return (p + 1) & 0xFFFFFFFFL;
        }
        int value = 0;
        int start = p;
        while (p < to && isDigit(b[p]) && p - start < 9) {
            value = value * 10 + (b[p] - '0');
            p++;
        }
        if (p == start) {
            return -1;
        }
        return ((long) (value + 1) << 32) | (p & 0xFFFFFFFFL);
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean startsWith(byte[] b, int p, int to, byte[] prefix) {
        if (to - p < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[p + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        byte first = needle[0];
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (b[i] == first && startsWith(b, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }
}
