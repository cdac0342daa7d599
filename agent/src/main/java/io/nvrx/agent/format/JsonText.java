package io.nvrx.agent.format;

/**
 * Writes text as the content of a JSON string, as UTF-8. Always valid JSON, and safe to ship:
 * {@code "} and {@code \} escaped; every control character (C0 as {@code \n \r \t \b \f} or
 * {@code \}{@code u00XX}, DEL and C1 as {@code \}{@code u00XX}); line and paragraph separators
 * and bidirectional controls as {@code \}{@code uXXXX} (invisible, or breaking JavaScript); a
 * lone surrogate as {@code \}{@code uXXXX}, so the text stays valid UTF-8 and a decoder gets
 * back the very same chars. Everything else is written as UTF-8, unchanged.
 */
public final class JsonText {

    private JsonText() {}

    public static void append(Utf8Buffer out, CharSequence text) {
        append(out, text, 0, text.length());
    }

    /** Appends the chars {@code [from, n)} of {@code text}. */
    public static void append(Utf8Buffer out, CharSequence text, int from, int n) {
        out.ensure(n - from);
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                if (c == '"' || c == '\\') {
                    out.put((byte) '\\');
                }
                out.put((byte) c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n': escape(out, 'n'); break;
                    case '\r': escape(out, 'r'); break;
                    case '\t': escape(out, 't'); break;
                    case '\b': escape(out, 'b'); break;
                    case '\f': escape(out, 'f'); break;
                    default: out.putUnicodeEscape(c); break;
                }
            } else if (c <= 0x9F) {
                out.putUnicodeEscape(c); // DEL and C1 controls
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.putCodePoint(Character.toCodePoint(c, text.charAt(i + 1)));
                i++;
            } else if (Character.isSurrogate(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)) {
                out.putUnicodeEscape(c);
            } else {
                out.putCodePoint(c);
            }
        }
    }

    /** Appends {@code "text"}, or {@code null} for null. */
    public static void appendQuoted(Utf8Buffer out, CharSequence text) {
        if (text == null) {
            out.putAscii("null");
            return;
        }
        out.put((byte) '"');
        append(out, text);
        out.put((byte) '"');
    }

    private static void escape(Utf8Buffer out, char c) {
        out.put((byte) '\\');
        out.put((byte) c);
    }

}
