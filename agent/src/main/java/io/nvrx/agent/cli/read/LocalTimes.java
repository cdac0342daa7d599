package io.nvrx.agent.cli.read;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns a local date and time, as a text record prints it (no zone), into epoch milliseconds
 * in one zone. Computes the day number itself and asks the zone rules for the offset once per
 * local minute, so converting a record costs a few multiplications, not a java.time object.
 * A local time that occurs twice (the hour a clock goes back) takes the earlier offset, as
 * java.time does.
 */
public final class LocalTimes {
    private final ZoneId zone;
    private final ZoneRules rules;
    private final boolean fixed;
    private final int fixedOffsetSeconds;
    private long cachedMinute = Long.MIN_VALUE;
    private int cachedOffsetSeconds;

    public LocalTimes(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset();
        this.fixedOffsetSeconds = fixed ? rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds() : 0;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Epoch millis of a local time; fields are assumed to be in range (the parser checks). */
    public long toEpochMillis(int year, int month, int day, int hour, int minute, int second, int millis) {
        long localSeconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        return (localSeconds - offsetSeconds(localSeconds)) * 1000L + millis;
    }

    private int offsetSeconds(long localSeconds) {
        if (fixed) {
            return fixedOffsetSeconds;
        }
        long minute = Math.floorDiv(localSeconds, 60);
        if (minute != cachedMinute) {
            LocalDateTime local = LocalDateTime.ofEpochSecond(minute * 60, 0, ZoneOffset.UTC);
            cachedOffsetSeconds = rules.getValidOffsets(local).isEmpty()
                    ? rules.getTransition(local).getOffsetBefore().getTotalSeconds() // in a gap: as written before it
                    : rules.getValidOffsets(local).get(0).getTotalSeconds();
            cachedMinute = minute;
        }
        return cachedOffsetSeconds;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    public static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
