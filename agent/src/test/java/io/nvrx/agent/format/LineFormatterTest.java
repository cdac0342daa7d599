package io.nvrx.agent.format;

import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Levels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LineFormatterTest {
    private static final RankInfo RANK = new RankInfo("node001", 0, 0, 0, 0);
    /** 2024-01-15 10:30:45,123 UTC */
    private static final long T = LocalDateTime.of(2024, 1, 15, 10, 30, 45).toInstant(ZoneOffset.UTC).toEpochMilli() + 123;

    private static String format(int level, String site, CharSequence message, Throwable thrown) {
        Utf8Buffer out = new Utf8Buffer();
        new LineFormatter(RANK, true).format(out, level, T, site, message, thrown);
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    @Test
    void upstreamLineByteForByte() {
        assertThat(format(Levels.INFO, "Trainer.java:45", "Training started", null))
                .isEqualTo("2024-01-15 10:30:45,123 [INFO] [node001] [workload:0(0) infra:0(0)] Trainer.java:45 Training started\n");
        assertThat(format(Levels.WARNING, "a.java:1", "x", null)).contains(" [WARNING] ");
        assertThat(format(Levels.ERROR, "a.java:1", "x", null)).contains(" [ERROR] ");
        assertThat(format(Levels.CRITICAL, "a.java:1", "x", null)).contains(" [CRITICAL] ");
        assertThat(format(Levels.DEBUG, "a.java:1", "x", null)).contains(" [DEBUG] ");
    }

    @Test
    void millisecondsArePadded() {
        Utf8Buffer out = new Utf8Buffer();
        new LineFormatter(RANK, true).format(out, Levels.INFO, T - 123 + 7, "a:1", "m", null);
        assertThat(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8)).startsWith("2024-01-15 10:30:45,007 ");
    }

    @Test
    void stackTraceFollowsOnTheNextLines() {
        Exception e = new IllegalStateException("boom", new RuntimeException("root"));
        String text = format(Levels.ERROR, "T.java:9", "failed", e);
        String[] lines = text.split("\n");
        assertThat(lines[0]).endsWith("T.java:9 failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[2]).startsWith("\tat ");
        assertThat(text).contains("Caused by: java.lang.RuntimeException: root").endsWith("\n");
        assertThat(text).doesNotContain("\n\n");
    }

    @Test
    void throwableWhoseToStringThrowsStillPrints() {
        Exception evil = new Exception("x") {
            @Override
            public String toString() {
                throw new UnsupportedOperationException("no");
            }
        };
        String text = format(Levels.ERROR, "T.java:9", "failed", evil);
        assertThat(text).contains("<toString() threw java.lang.UnsupportedOperationException>").contains("\tat ");
    }

    @Test
    void cyclicCauseChainTerminates() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(format(Levels.ERROR, "T.java:9", "cycle", a)).contains("CIRCULAR REFERENCE");
    }

    @Test
    void nullMessagePrintsNull() {
        assertThat(format(Levels.INFO, "T.java:1", null, null)).endsWith("T.java:1 null\n");
    }

    @Test
    void forgedHeaderInAMessageCannotPoseAsARecord() {
        String forged = "ok\n2024-01-15 10:30:45,123 [ERROR] [node666] [workload:9(9) infra:9(9)] Evil.java:1 pwned";
        String text = format(Levels.INFO, "T.java:1", forged, null);
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith("| 2024-01-15 10:30:45,123 [ERROR]");
    }

    @Test
    void aContinuationLineShapedLikeAJsonRecordCannotPoseAsOneEither() {
        // The log readers take a line that starts with '{' and parses with a "time" for a JSON
        // record (a node log may hold both formats): found in review, 2026-11-30.
        String forged = "ok\n {\"time\":\"2024-01-15T10:30:46.000Z\",\"level\":\"CRITICAL\",\"rank\":7,\"message\":\"rank 7 crashed\"}"
                + "\n{\"just\": \"json, no time\"}";
        String text = format(Levels.INFO, "T.java:1", forged, null);
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith("|  {\"time\"");
        assertThat(lines[2]).as("JSON without a time is no record: kept as it is").isEqualTo("{\"just\": \"json, no time\"}");
    }

    @Test
    void controlCharactersAreEscapedVisiblyAndTabsKept() {
        String text = format(Levels.INFO, "T.java:1", "a\u001b[31mred\u0000nul\rcr\ttab\u0085c1\u007fdel", null);
        assertThat(text).endsWith("a\\x1b[31mred\\x00nul\\x0dcr\ttab\\x85c1\\x7fdel\n");
    }

    @Test
    void crlfIsALineBreakAndUnicodeIsKept() {
        assertThat(format(Levels.INFO, "T.java:1", "one\r\ntwo é 日本 \uD83D\uDE00", null))
                .endsWith("one\ntwo é 日本 \uD83D\uDE00\n");
    }

    @Test
    void whatFollowsAPlainAsciiStartIsStillCheckedAndEncoded() {
        // U+0141 and U+0100 keep 'A' and NUL in their low bytes: they must not be copied as such.
        String message = "plain start \u0141\u0100A\u0007 end";
        String expected = "plain start \u0141\u0100A\\x07 end\n";
        assertThat(format(Levels.INFO, "T.java:1", message, null)).endsWith(expected);
        assertThat(format(Levels.INFO, "T.java:1", new StringBuilder(message), null)).endsWith(expected);
        assertThat(format(Levels.INFO, "T.java:1", "all of it plain", null)).endsWith(" T.java:1 all of it plain\n");
    }

    @Test
    void loneSurrogatesAndBidiOverridesAreEscaped() {
        assertThat(format(Levels.INFO, "T.java:1", "x\uD800y\uDC00z\u202Eq\u2028", null))
                .endsWith("x\\ud800y\\udc00z\\u202eq\\u2028\n");
    }

    @Test
    void hugeMessageIsWrittenWhole() {
        String big = "x".repeat(1 << 20);
        assertThat(format(Levels.INFO, "T.java:1", big, null)).hasSize(
                "2024-01-15 10:30:45,123 [INFO] [node001] [workload:0(0) infra:0(0)] T.java:1 ".length() + (1 << 20) + 1);
    }

    @Test
    void bufferShrinksBackAfterAHugeRecord() {
        Utf8Buffer out = new Utf8Buffer();
        new LineFormatter(RANK, true).format(out, Levels.INFO, T, "T.java:1", "y".repeat(200_000), null);
        out.clear();
        assertThat(out.array().length).isLessThan(64 * 1024);
    }

    @Test
    void localTimeByDefault() {
        Utf8Buffer out = new Utf8Buffer();
        new LineFormatter(RANK, false).format(out, Levels.INFO, T, "T.java:1", "m", null);
        String expected = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
                .format(java.time.Instant.ofEpochMilli(T).atZone(java.time.ZoneId.systemDefault()));
        assertThat(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8)).startsWith(expected + " [INFO]");
    }
}
