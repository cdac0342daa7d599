package io.nvrx.agent.cli.read;

import java.nio.charset.StandardCharsets;

/**
 * Reads the one-object-per-line records of NVRX_LOG_FORMAT=json at the byte level:
 * <pre>{"time":"2024-01-15T10:30:45.123+01:00","level":"INFO","node":"n1","rank":0,...,"message":"..."}</pre>
 * Only the fields the tools sort and filter on are decoded while reading (time, level, node,
 * ranks); others are decoded on demand for reports. A JSON library would build a tree per line
 * for the same answer; this scanner is a hundred lines and allocates nothing per record.
 * A line that is not such an object (no valid "time") is not a record start.
 */
public final class JsonRecords {
    private JsonRecords() {}

    /** Parses {@code b[from, to)} (one line, without its line break) into {@code r}; false if not a record. */
    public static boolean parse(byte[] b, int from, int to, LogRecord r) {
        int p = skipSpace(b, from, to);
        if (p >= to || b[p] != '{') {
            return false;
        }
        r.clearFields(LogRecord.Kind.JSON);
        boolean hasTime = false;
        p++;
        while (true) {
            p = skipSpace(b, p, to);
            if (p >= to) return false;
            if (b[p] == '}') { p++; break; }
            if (b[p] == ',') { p = skipSpace(b, p + 1, to); }
            if (p >= to || b[p] != '"') return false;
            int keyStart = p + 1;
            int keyEnd = stringEnd(b, keyStart, to);
            if (keyEnd < 0) return false;
            p = skipSpace(b, keyEnd + 1, to);
            if (p >= to || b[p] != ':') return false;
            p = skipSpace(b, p + 1, to);
            int valueStart = p;
            int valueEnd = valueEnd(b, p, to);
            if (valueEnd < 0) return false;
            p = valueEnd;
            switch (keyEnd - keyStart) {
                case 4:
                    if (key(b, keyStart, "time") && b[valueStart] == '"') {
                        long t = IsoTimes.parse(b, valueStart + 1, valueEnd - 1);
                        if (t == Long.MIN_VALUE) return false;
                        r.epochMillis = t;
                        hasTime = true;
                    } else if (key(b, keyStart, "rank")) {
                        r.rank = rankValue(b, valueStart, valueEnd);
                    } else if (key(b, keyStart, "node") && b[valueStart] == '"') {
                        byte[] node = r.decodedNodeBuffer();
                        r.nodeBytes = node;
                        r.nodeStart = 0;
                        r.nodeEnd = decodeUtf8(b, valueStart + 1, valueEnd - 1, node);
                    }
                    break;
                case 5:
                    if (key(b, keyStart, "level") && b[valueStart] == '"') {
                        r.level = Levels.of(b, valueStart + 1, valueEnd - 1);
                    }
                    break;
                case 10:
                    if (key(b, keyStart, "local_rank")) r.localRank = rankValue(b, valueStart, valueEnd);
                    else if (key(b, keyStart, "infra_rank")) r.infraRank = rankValue(b, valueStart, valueEnd);
                    break;
                case 16:
                    if (key(b, keyStart, "infra_local_rank")) r.infraLocalRank = rankValue(b, valueStart, valueEnd);
                    break;
                default:
                    break;
            }
        }
        p = skipSpace(b, p, to);
        return hasTime && p == to;
    }

    /** The decoded string value of a top-level field of the object in {@code b[from, to)}, or null. */
    public static String stringField(byte[] b, int from, int to, String name) {
        int[] range = field(b, from, to, name);
        if (range == null || b[range[0]] != '"') {
            return null;
        }
        return decode(b, range[0] + 1, range[1] - 1);
    }

    /** The raw text of a top-level field's value (a number, true, null ...), or null. */
    public static String rawField(byte[] b, int from, int to, String name) {
        int[] range = field(b, from, to, name);
        return range == null ? null : new String(b, range[0], range[1] - range[0], StandardCharsets.UTF_8);
    }

    private static int[] field(byte[] b, int from, int to, String name) {
        int p = skipSpace(b, from, to);
        if (p >= to || b[p] != '{') return null;
        p++;
        while (true) {
            p = skipSpace(b, p, to);
            if (p >= to || b[p] == '}') return null;
            if (b[p] == ',') p = skipSpace(b, p + 1, to);
            if (p >= to || b[p] != '"') return null;
            int keyStart = p + 1;
            int keyEnd = stringEnd(b, keyStart, to);
            if (keyEnd < 0) return null;
            p = skipSpace(b, keyEnd + 1, to);
            if (p >= to || b[p] != ':') return null;
            p = skipSpace(b, p + 1, to);
            int valueEnd = valueEnd(b, p, to);
            if (valueEnd < 0) return null;
            if (keyEnd - keyStart == name.length() && key(b, keyStart, name)) {
                return new int[] {p, valueEnd};
            }
            p = valueEnd;
        }
    }

    private static boolean key(byte[] b, int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (b[at + i] != name.charAt(i)) return false;
        }
        return true;
    }

    private static int rankValue(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 9) return LogRecord.UNKNOWN;
        int v = HeaderParser.digits(b, from, n);
        return v < 0 ? LogRecord.UNKNOWN : v;
    }

    private static int skipSpace(byte[] b, int p, int to) {
        while (p < to && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r')) p++;
        return p;
    }

    /** Index of the closing quote of a string whose content starts at {@code p}, or -1. */
    private static int stringEnd(byte[] b, int p, int to) {
        while (p < to) {
            byte c = b[p];
            if (c == '"') return p;
            p += c == '\\' ? 2 : 1;
        }
        return -1;
    }

    /** The end (exclusive) of the value at {@code p}: a string, number, literal, object or array. */
    private static int valueEnd(byte[] b, int p, int to) {
        if (p >= to) return -1;
        byte c = b[p];
        if (c == '"') {
            int end = stringEnd(b, p + 1, to);
            return end < 0 ? -1 : end + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (p < to) {
                c = b[p];
                if (c == '"') {
                    int end = stringEnd(b, p + 1, to);
                    if (end < 0) return -1;
                    p = end + 1;
                    continue;
                }
                if (c == '{' || c == '[') depth++;
                if (c == '}' || c == ']') {
                    if (--depth == 0) return p + 1;
                }
                p++;
            }
            return -1;
        }
        int start = p;
        while (p < to && b[p] != ',' && b[p] != '}' && b[p] != ' ' && b[p] != '\t' && b[p] != ']') p++;
        return p == start ? -1 : p;
    }

    /** Decodes a JSON string's content (escapes included) to a Java string; lone surrogates are kept. */
    static String decode(byte[] b, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') { plain = false; break; }
        }
        if (plain) return new String(b, from, to - from, StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(to - from);
        int runStart = from;
        for (int i = from; i < to; i++) {
            if (b[i] != '\\') continue;
            s.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            if (i + 1 >= to) { runStart = to; break; }
            byte e = b[++i];
            switch (e) {
                case 'n': s.append('\n'); break;
                case 'r': s.append('\r'); break;
                case 't': s.append('\t'); break;
                case 'b': s.append('\b'); break;
                case 'f': s.append('\f'); break;
                case 'u':
                    if (i + 4 < to) {
                        int unit = hex4(b, i + 1);
                        if (unit >= 0) {
                            s.append((char) unit);
                            i += 4;
                        } else {
                            s.append("\\u"); // not an escape: kept as written, never a usage error
                        }
                    }
                    break;
                default: s.append((char) e); break; // \" \\ \/
            }
            runStart = i + 1;
        }
        if (runStart < to) s.append(new String(b, runStart, to - runStart, StandardCharsets.UTF_8));
        return s.toString();
    }

    /** Decodes into UTF-8 bytes (for node names); returns the length, capped at the buffer. */
    private static int decodeUtf8(byte[] b, int from, int to, byte[] into) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') { plain = false; break; }
        }
        if (plain) {
            int n = Math.min(to - from, into.length);
            System.arraycopy(b, from, into, 0, n);
            return n;
        }
        byte[] utf8 = decode(b, from, to).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, into.length);
        System.arraycopy(utf8, 0, into, 0, n);
        return n;
    }

    /** The UTF-16 unit of four hex digits at {@code at}, or -1 if they are not four hex digits. */
    private static int hex4(byte[] b, int at) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(b[at + k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
