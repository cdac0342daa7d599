package io.nvrx.agent.format;

/**
 * Writes untrusted text (messages, exception text, stream lines) so that it can never pose as
 * something else (CWE-117), changing bytes only where needed:
 * <ul>
 * <li>a line break ({@code \n} or {@code \r\n}) starts a continuation line of the same record;</li>
 * <li>a continuation line that begins like a record header ({@code 2024-01-15 10:30:45,123 }),
 *     or like a JSON record (spaces, then <code>{</code>, and a {@code "time"} key on the line: a
 *     node log may hold both formats), is prefixed with {@code "| "}, so no parser or reader
 *     takes it for another record;</li>
 * <li>control characters other than tab (C0, DEL, C1, a lone {@code \r}) are written as
 *     {@code \xHH}; line and paragraph separators and bidirectional overrides as
 *     {@code \}{@code uHHHH}; a lone surrogate as {@code \}{@code uHHHH};</li>
 * <li>everything else is written as UTF-8, unchanged.</li>
 * </ul>
 */
public final class SafeText {
    static final byte[] HEADER_LOOKALIKE_PREFIX = {'|', ' '};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SafeText() {}

    /**
     * Appends {@code text}; {@code atLineStart} says whether the first character begins a
     * continuation line (true for the lines of a stack trace).
     */
    public static void append(Utf8Buffer out, CharSequence text, boolean atLineStart) {
        int n = text.length();
        int lineStart = atLineStart ? 0 : -1;
        int plain = 0;
        if (!atLineStart) {
            // Most messages are printable ASCII from end to end: find how far, copy that at once.
            while (plain < n) {
                char c = text.charAt(plain);
                if (c < 0x20 || c >= 0x7F) {
                    break;
                }
                plain++;
            }
            out.putAscii(text, 0, plain);
        }
        for (int i = plain; i < n; i++) {
            if (i == lineStart && (looksLikeHeader(text, i) || looksLikeJsonRecord(text, i))) {
                out.put(HEADER_LOOKALIKE_PREFIX);
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.put((byte) c);
            } else if (c == '\n') {
                out.put((byte) '\n');
                lineStart = i + 1;
            } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                // \r\n: the \n that follows ends the line
            } else if (c == '\t') {
                out.put((byte) '\t');
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                escapeHex(out, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.putCodePoint(Character.toCodePoint(c, text.charAt(i + 1)));
                i++;
            } else if (Character.isSurrogate(c) || isInvisibleLayoutControl(c)) {
                out.putUnicodeEscape(c);
            } else {
                out.putCodePoint(c);
            }
        }
    }

    /** Line/paragraph separators and bidirectional embedding, override and isolate controls. */
    private static boolean isInvisibleLayoutControl(char c) {
        return c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private static void escapeHex(Utf8Buffer out, char c) {
        out.put((byte) '\\');
        out.put((byte) 'x');
        out.put(HEX[(c >> 4) & 0xF]);
        out.put(HEX[c & 0xF]);
    }

    /**
     * True if the line at {@code i} could pass for a JSON record to the log readers: optional
     * spaces, then <code>{</code>, and {@code "time"} somewhere on the line.
     */
    static boolean looksLikeJsonRecord(CharSequence text, int i) {
        int n = text.length();
        int k = i;
        while (k < n && text.charAt(k) == ' ') {
            k++;
        }
        if (k >= n || text.charAt(k) != '{') {
            return false;
        }
        final String key = "\"time\"";
        for (int at = k + 1; at + key.length() <= n && text.charAt(at) != '\n'; at++) {
            if (text.charAt(at) == '"' && text.subSequence(at, at + key.length()).toString().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** True if the text at {@code i} starts with {@code dddd-dd-dd dd:dd:dd,ddd}, as a header does. */
    static boolean looksLikeHeader(CharSequence text, int i) {
        final String shape = "dddd-dd-dd dd:dd:dd,ddd";
        if (text.length() - i < shape.length()) {
            return false;
        }
        for (int k = 0; k < shape.length(); k++) {
            char want = shape.charAt(k);
            char got = text.charAt(i + k);
            if (want == 'd' ? (got < '0' || got > '9') : got != want) {
                return false;
            }
        }
        return true;
    }
}
