package io.nvrx.agent.cli.read;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderParserTest {
    private static final LocalTimes UTC = new LocalTimes(ZoneOffset.UTC);

    private static LogRecord parse(String line, LocalTimes times) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        LogRecord r = new LogRecord();
        if (!HeaderParser.parse(b, 0, b.length, r, times)) {
            return null;
        }
        r.bytes = b;
        r.start = 0;
        r.end = b.length;
        r.headerEnd = b.length;
        return r;
    }

    @Test
    void parsesEveryField() {
        LogRecord r = parse("2024-01-15 10:30:45,123 [WARNING] [node-001] [workload:12(3) infra:45(6)] "
                + "Trainer.java:45 GPU memory usage high", UTC);
        assertThat(r).isNotNull();
        assertThat(r.epochMillis()).isEqualTo(LocalDateTime.of(2024, 1, 15, 10, 30, 45, 123_000_000)
                .toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(r.level()).isEqualTo(30);
        assertThat(r.node()).isEqualTo("node-001");
        assertThat(new int[] {r.rank(), r.localRank(), r.infraRank(), r.infraLocalRank()}).containsExactly(12, 3, 45, 6);
        assertThat(r.callSite()).isEqualTo("Trainer.java:45");
        assertThat(r.message()).isEqualTo("GPU memory usage high");
    }

    @Test
    void acceptsUnknownRanksOddCallSitesAndEmptyMessages() {
        LogRecord r = parse("2024-01-15 10:30:45,123 [CRITICAL] [n1] [workload:?(?) infra:?(?)] <stdin>:3 ", UTC);
        assertThat(r).isNotNull();
        assertThat(r.rank()).isEqualTo(LogRecord.UNKNOWN);
        assertThat(r.infraLocalRank()).isEqualTo(LogRecord.UNKNOWN);
        assertThat(r.callSite()).isEqualTo("<stdin>:3");
        assertThat(r.message()).isEmpty();
        assertThat(parse("2024-01-15 10:30:45,123 [INFO] [n1] [workload:0(0) infra:0(0)]", UTC)).isNotNull();
    }

    @Test
    void rejectsLinesThatOnlyLookLikeHeaders() {
        String ok = "2024-01-15 10:30:45,123 [INFO] [n1] [workload:0(0) infra:0(0)] A.java:1 m";
        assertThat(parse(ok, UTC)).isNotNull();
        assertThat(parse("| " + ok, UTC)).isNull(); // SafeText's prefix for a continuation line
        assertThat(parse(ok.replace("[INFO]", "[WARN]"), UTC)).isNull();
        assertThat(parse(ok.replace("2024-01-15", "2024-13-15"), UTC)).isNull();
        assertThat(parse(ok.replace(",123", ".123"), UTC)).isNull();
        assertThat(parse(ok.replace("workload:0(0)", "workload:x(0)"), UTC)).isNull();
        assertThat(parse(ok.replace("infra:0(0)]", "infra:0(0)"), UTC)).isNull();
        assertThat(parse("2024-01-15 10:30:45,123 just a message of some length to pass the size check", UTC)).isNull();
    }

    @Test
    void localTimesFollowTheZoneIncludingDaylightSaving() {
        LocalTimes paris = new LocalTimes(ZoneId.of("Europe/Paris"));
        String line = " [INFO] [n1] [workload:0(0) infra:0(0)] A.java:1 m";
        // Winter: +01:00; summer: +02:00.
        assertThat(parse("2024-01-15 10:00:00,000" + line, paris).epochMillis())
                .isEqualTo(LocalDateTime.of(2024, 1, 15, 9, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(parse("2024-07-15 10:00:00,000" + line, paris).epochMillis())
                .isEqualTo(LocalDateTime.of(2024, 7, 15, 8, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
        // The hour repeated when clocks go back takes the earlier offset, as java.time does.
        LocalDateTime repeated = LocalDateTime.of(2024, 10, 27, 2, 30);
        assertThat(parse("2024-10-27 02:30:00,000" + line, paris).epochMillis())
                .isEqualTo(repeated.atZone(ZoneId.of("Europe/Paris")).toInstant().toEpochMilli());
    }

    @Test
    void daysFromCivilMatchesJavaTime() {
        for (int year : new int[] {1, 1969, 1970, 2000, 2024, 2100, 9999}) {
            for (int month = 1; month <= 12; month++) {
                assertThat(LocalTimes.daysFromCivil(year, month, 28))
                        .isEqualTo(java.time.LocalDate.of(year, month, 28).toEpochDay());
            }
        }
    }

    @Test
    void isoTimesWithOffsets() {
        long t = LocalDateTime.of(2024, 1, 15, 9, 30, 45, 123_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (String iso : new String[] {"2024-01-15T10:30:45.123+01:00", "2024-01-15T09:30:45.123Z",
            "2024-01-15T05:30:45.123456-04:00", "2024-01-15 10:30:45.123+0100"}) {
            byte[] b = iso.getBytes(StandardCharsets.US_ASCII);
            assertThat(IsoTimes.parse(b, 0, b.length)).as(iso).isEqualTo(t);
        }
        byte[] noZone = "2024-01-15T10:30:45.123".getBytes(StandardCharsets.US_ASCII);
        assertThat(IsoTimes.parse(noZone, 0, noZone.length)).isEqualTo(Long.MIN_VALUE);
    }
}
