package io.nvrx.agent.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Writes {@code yyyy-MM-dd HH:mm:ss,SSS} (Python logging's asctime) in local time, or UTC.
 * The date and time up to the second are computed once per second and shared by all threads;
 * a call then only appends three digits of milliseconds. No formatter object per record.
 */
public final class TimestampCache {
    private static final class Second {
        final long epochSecond;
        final byte[] text;

        Second(long epochSecond, byte[] text) {
            this.epochSecond = epochSecond;
            this.text = text;
        }
    }

    private final boolean utc;
    /** Resolved at the first record, not at start-up: loading the zone rules takes milliseconds. */
    private ZoneId zone;
    private volatile Second cached = new Second(Long.MIN_VALUE, new byte[0]);

    public TimestampCache(boolean utc) {
        this.utc = utc;
    }

    public void append(Utf8Buffer out, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second current = cached;
        if (current.epochSecond != second) {
            current = new Second(second, render(second));
            cached = current;
        }
        out.put(current.text);
        out.put((byte) ',');
        out.putPadded((int) Math.floorMod(epochMillis, 1000), 3);
    }

    /**
     * Rewrites the time at the start of {@code record}, which {@link #append} wrote earlier with
     * another time. Leaves the record alone if the new time would not have the same width.
     */
    public void rewrite(byte[] record, int length, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second current = cached;
        if (current.epochSecond != second) {
            current = new Second(second, render(second));
            cached = current;
        }
        byte[] text = current.text;
        int comma = text.length;
        if (length < comma + 4 || record[comma] != ',') {
            return;
        }
        System.arraycopy(text, 0, record, 0, comma);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        record[comma + 1] = (byte) ('0' + millis / 100);
        record[comma + 2] = (byte) ('0' + millis / 10 % 10);
        record[comma + 3] = (byte) ('0' + millis % 10);
    }

    private synchronized byte[] render(long epochSecond) {
        if (zone == null) {
            // ZoneId.of("Z") is ZoneOffset.UTC, typed as a ZoneId: verifying this class then loads no java.time class.
            zone = utc ? ZoneId.of("Z") : ZoneId.systemDefault();
        }
        ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
        StringBuilder s = new StringBuilder(19);
        pad(s, t.getYear(), 4).append('-');
        pad(s, t.getMonthValue(), 2).append('-');
        pad(s, t.getDayOfMonth(), 2).append(' ');
        pad(s, t.getHour(), 2).append(':');
        pad(s, t.getMinute(), 2).append(':');
        pad(s, t.getSecond(), 2);
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }
}
