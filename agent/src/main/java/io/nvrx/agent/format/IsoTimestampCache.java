package io.nvrx.agent.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Writes ISO-8601 times with their offset, {@code 2024-01-15T10:30:45.123+01:00} (or
 * {@code ...Z} in UTC), for JSON records. Like {@link TimestampCache}, the text up to the
 * second and the offset are computed once per second and shared; a record appends three
 * digits of milliseconds.
 */
public final class IsoTimestampCache {
    private static final class Second {
        final long epochSecond;
        final byte[] dateTime;
        final byte[] offset;

        Second(long epochSecond, byte[] dateTime, byte[] offset) {
            this.epochSecond = epochSecond;
            this.dateTime = dateTime;
            this.offset = offset;
        }
    }

    private final boolean utc;
    private ZoneId zone;
    private volatile Second cached = new Second(Long.MIN_VALUE, new byte[0], new byte[0]);

    public IsoTimestampCache(boolean utc) {
        this.utc = utc;
    }

    public void append(Utf8Buffer out, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second current = cached;
        if (current.epochSecond != second) {
            current = render(second);
            cached = current;
        }
        out.put(current.dateTime);
        out.put((byte) '.');
        out.putPadded((int) Math.floorMod(epochMillis, 1000), 3);
        out.put(current.offset);
    }

    /** Rewrites the time that {@link #append} wrote at {@code at}, if the new one has the same width. */
    public void rewrite(byte[] record, int at, int length, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second current = cached;
        if (current.epochSecond != second) {
            current = render(second);
            cached = current;
        }
        int dot = at + current.dateTime.length;
        int end = dot + 4 + current.offset.length;
        if (end > length || record[dot] != '.' || record[end] != '"') {
            return;
        }
        System.arraycopy(current.dateTime, 0, record, at, current.dateTime.length);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        record[dot + 1] = (byte) ('0' + millis / 100);
        record[dot + 2] = (byte) ('0' + millis / 10 % 10);
        record[dot + 3] = (byte) ('0' + millis % 10);
        System.arraycopy(current.offset, 0, record, dot + 4, current.offset.length);
    }

    private synchronized Second render(long epochSecond) {
        if (zone == null) {
            // ZoneId.of("Z") is ZoneOffset.UTC, typed as a ZoneId: verifying this class then loads no java.time class.
            zone = utc ? ZoneId.of("Z") : ZoneId.systemDefault();
        }
        ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
        // Locale.ROOT: in some locales (fa, ar, my) %d writes non-ASCII digits, which became '?'.
        String text = String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        return new Second(epochSecond, text.getBytes(StandardCharsets.US_ASCII),
                offset.getId().getBytes(StandardCharsets.US_ASCII));
    }
}
