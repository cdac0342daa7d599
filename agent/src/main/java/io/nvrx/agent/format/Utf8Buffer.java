package io.nvrx.agent.format;

import java.util.Arrays;

/**
 * A growable byte buffer that a thread reuses for every record it formats, so that a log call
 * allocates nothing in the steady state. Encodes UTF-8 itself (one pass, no CharsetEncoder).
 */
public final class Utf8Buffer {
    /** A buffer grown past this by one huge record is shrunk back after use. */
    private static final int KEEP_AT_MOST = 64 * 1024;

    private byte[] bytes = new byte[512];
    private int length;

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public void clear() {
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[512];
        }
        length = 0;
    }

    public void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }

    public void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    public void put(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, length, src.length);
        length += src.length;
    }

    /** Appends text known to be ASCII (digits, level names, fixed separators). */
    public void putAscii(CharSequence ascii) {
        putAscii(ascii, 0, ascii.length());
    }

    /**
     * Appends the chars {@code [from, to)} of text known to be ASCII there, with one capacity
     * check; a String in one copy: {@code String.getBytes(int, int, byte[], int)} keeps the low
     * byte of each char, which for ASCII is the char itself (for a Latin-1 string, an array copy).
     */
    @SuppressWarnings("deprecation")
    public void putAscii(CharSequence ascii, int from, int to) {
        int n = to - from;
        ensure(n);
        if (ascii instanceof String) {
            ((String) ascii).getBytes(from, to, bytes, length);
        } else {
            for (int i = from; i < to; i++) {
                bytes[length + i - from] = (byte) ascii.charAt(i);
            }
        }
        length += n;
    }

    /** Appends a non-negative number padded with zeros to {@code width} digits. */
    public void putPadded(int value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    /** Appends one code point as UTF-8. */
    public void putCodePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            bytes[length++] = (byte) cp;
        } else if (cp < 0x800) {
            bytes[length++] = (byte) (0xC0 | (cp >> 6));
            bytes[length++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            bytes[length++] = (byte) (0xE0 | (cp >> 12));
            bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            bytes[length++] = (byte) (0xF0 | (cp >> 18));
            bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (cp & 0x3F));
        }
    }

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    /** Appends {@code \}{@code uHHHH}, the visible escape of one UTF-16 unit. */
    public void putUnicodeEscape(char c) {
        ensure(6);
        bytes[length++] = '\\';
        bytes[length++] = 'u';
        bytes[length++] = HEX[(c >> 12) & 0xF];
        bytes[length++] = HEX[(c >> 8) & 0xF];
        bytes[length++] = HEX[(c >> 4) & 0xF];
        bytes[length++] = HEX[c & 0xF];
    }

    /** Removes everything after the first {@code newLength} bytes. */
    public void truncate(int newLength) {
        length = newLength;
    }
}
