package io.nvrx.agent.cli.read;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Parses a time given on the command line (--since, --until): the records' own form
 * {@code 2024-01-15 10:30:45,123} (millis optional, {@code .} accepted for {@code ,}), read
 * in the given zone, or ISO-8601 with an offset ({@code 2024-01-15T10:30:45+01:00}).
 */
public final class TimeArgs {
    private TimeArgs() {}

    public static long parse(String text, ZoneId zone) {
        String t = text.trim();
        byte[] b = t.getBytes(StandardCharsets.US_ASCII);
        long iso = b.length >= 20 ? IsoTimes.parse(b, 0, b.length) : Long.MIN_VALUE;
        if (iso != Long.MIN_VALUE) {
            return iso;
        }
        String local = t.replace('T', ' ').replace('.', ',');
        if (local.length() == 10) {
            local += " 00:00:00";
        }
        if (local.length() == 16) {
            local += ":00";
        }
        if (local.length() == 19) {
            local += ",000";
        }
        byte[] lb = local.getBytes(StandardCharsets.US_ASCII);
        long epoch = lb.length == HeaderParser.TIME_LENGTH
                ? HeaderParser.parseTime(lb, 0, new LocalTimes(zone)) : Long.MIN_VALUE;
        if (epoch == Long.MIN_VALUE) {
            throw new IllegalArgumentException("cannot read the time '" + text
                    + "': use 2024-01-15 10:30:45[,123] (in the logs' zone) or 2024-01-15T10:30:45+01:00");
        }
        return epoch;
    }
}
