package io.nvrx.agent.cli.read;

/**
 * Parses the JSON records' time, ISO-8601 with an offset as the agent writes it
 * ({@code 2024-01-15T10:30:45.123+01:00}, {@code ...Z}), to epoch millis without java.time
 * objects. Also accepts a space for the T, 0 to 9 fraction digits, and {@code +hhmm}/{@code +hh}.
 */
final class IsoTimes {
    private IsoTimes() {}

    /** Epoch millis, or Long.MIN_VALUE if {@code b[from, to)} is not such a time. */
    static long parse(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != ' ')
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = HeaderParser.digits(b, from, 4);
        int month = HeaderParser.digits(b, from + 5, 2);
        int day = HeaderParser.digits(b, from + 8, 2);
        int hour = HeaderParser.digits(b, from + 11, 2);
        int minute = HeaderParser.digits(b, from + 14, 2);
        int second = HeaderParser.digits(b, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
                || hour > 23 || minute > 59 || second > 60) {
            return Long.MIN_VALUE;
        }
        int p = from + 19;
        int millis = 0;
        if (p < to && (b[p] == '.' || b[p] == ',')) {
            p++;
            int digits = 0;
            while (p < to && HeaderParser.isDigit(b[p])) {
                if (digits < 3) {
                    millis = millis * 10 + (b[p] - '0');
                }
                digits++;
                p++;
            }
            if (digits == 0) return Long.MIN_VALUE;
            for (int i = digits; i < 3; i++) millis *= 10;
        }
        if (p >= to) return Long.MIN_VALUE; // no zone: not what the agent writes
        int offsetSeconds;
        if (b[p] == 'Z' && p + 1 == to) {
            offsetSeconds = 0;
        } else if (b[p] == '+' || b[p] == '-') {
            int sign = b[p] == '-' ? -1 : 1;
            int n = to - p - 1;
            int hh;
            int mm = 0;
            if (n == 2) {
                hh = HeaderParser.digits(b, p + 1, 2);
            } else if (n == 4) {
                hh = HeaderParser.digits(b, p + 1, 2);
                mm = HeaderParser.digits(b, p + 3, 2);
            } else if (n == 5 && b[p + 3] == ':') {
                hh = HeaderParser.digits(b, p + 1, 2);
                mm = HeaderParser.digits(b, p + 4, 2);
            } else {
                return Long.MIN_VALUE;
            }
            if (hh < 0 || mm < 0 || hh > 18 || mm > 59) return Long.MIN_VALUE;
            offsetSeconds = sign * (hh * 3600 + mm * 60);
        } else {
            return Long.MIN_VALUE;
        }
        long localSeconds = LocalTimes.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        return (localSeconds - offsetSeconds) * 1000L + millis;
    }
}
