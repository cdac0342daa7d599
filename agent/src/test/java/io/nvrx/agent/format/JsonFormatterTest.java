package io.nvrx.agent.format;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nvrx.agent.cli.read.JsonRecords;
import io.nvrx.agent.rank.RankInfo;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFormatterTest {
    private static final RankInfo RANK = new RankInfo("node \"7\"", 3, 1, null, 0);
    private static final long T = OffsetDateTime.parse("2024-01-15T10:30:45.123Z").toInstant().toEpochMilli();

    static String format(RecordFormatter f, int level, String logger, String thread, String site, CharSequence message,
                         Throwable thrown) throws CharacterCodingException {
        Utf8Buffer buffer = new Utf8Buffer();
        f.format(buffer, level, logger, thread, T, site, message, thrown);
        // Strict decoding: the output must be valid UTF-8 whatever the input chars were.
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(buffer.array(), 0, buffer.length())).toString();
    }

    @Test
    void oneObjectPerRecordWithEveryField() throws Exception {
        String line = format(new JsonFormatter(RANK, true), 40, "app.Trainer", "worker-1", "Trainer.java:45",
                "Rank 0 failed", new IllegalStateException("boom"));
        assertThat(line).endsWith("}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertThat(o.get("time").getAsString()).isEqualTo("2024-01-15T10:30:45.123Z");
        assertThat(o.get("level").getAsString()).isEqualTo("ERROR");
        assertThat(o.get("node").getAsString()).isEqualTo("node \"7\"");
        assertThat(o.get("rank").getAsInt()).isEqualTo(3);
        assertThat(o.get("local_rank").getAsInt()).isEqualTo(1);
        assertThat(o.get("infra_rank").isJsonNull()).isTrue();
        assertThat(o.get("infra_local_rank").getAsInt()).isZero();
        assertThat(o.get("file").getAsString()).isEqualTo("Trainer.java");
        assertThat(o.get("line").getAsInt()).isEqualTo(45);
        assertThat(o.get("logger").getAsString()).isEqualTo("app.Trainer");
        assertThat(o.get("thread").getAsString()).isEqualTo("worker-1");
        assertThat(o.get("message").getAsString()).isEqualTo("Rank 0 failed");
        assertThat(o.get("stack_trace").getAsString()).startsWith("java.lang.IllegalStateException: boom\n\tat ")
                .doesNotEndWith("\n");
        assertThat(o.keySet()).containsExactly("time", "level", "node", "rank", "local_rank", "infra_rank",
                "infra_local_rank", "file", "line", "logger", "thread", "message", "stack_trace");
    }

    @Test
    void localTimeCarriesItsOffset() throws Exception {
        JsonObject o = JsonParser.parseString(format(new JsonFormatter(RANK, false), 20, null, null, "A.java:1", "m",
                null)).getAsJsonObject();
        OffsetDateTime time = OffsetDateTime.parse(o.get("time").getAsString());
        assertThat(time.toInstant().toEpochMilli()).isEqualTo(T);
        assertThat(o.get("logger").isJsonNull()).isTrue();
        assertThat(o.get("thread").getAsString()).isEqualTo(Thread.currentThread().getName());
        assertThat(o.has("stack_trace")).isFalse();
    }

    @Test
    void everyCharRoundTripsThroughAJsonParserIncludingLoneSurrogates() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xFFFF; c++) {
            all.append(c); // every char once: controls, separators, bidi, lone high and low surrogates
        }
        all.append("\uD83D\uDE00 end"); // and a real pair
        JsonFormatter f = new JsonFormatter(RANK, true);
        String line = format(f, 20, "l\u0000g", "t\nh", "Odd \"File\".java:7", all, null);
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        for (char c : new char[] {'\u0000', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u2066'}) {
            assertThat(line.indexOf(c)).as("raw U+%04X", (int) c).isEqualTo(-1);
        }
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertThat(o.get("message").getAsString()).isEqualTo(all.toString());
        assertThat(o.get("logger").getAsString()).isEqualTo("l\u0000g");
        assertThat(o.get("thread").getAsString()).isEqualTo("t\nh");
        assertThat(o.get("file").getAsString()).isEqualTo("Odd \"File\".java");
        assertThat(o.get("line").getAsInt()).isEqualTo(7);
    }

    @Test
    void callSitesWithoutALineNumber() throws Exception {
        JsonObject o = JsonParser.parseString(format(new JsonFormatter(RANK, true), 20, null, null, "weird", "m", null))
                .getAsJsonObject();
        assertThat(o.get("file").getAsString()).isEqualTo("weird");
        assertThat(o.get("line").getAsInt()).isZero();
    }

    @Test
    void theToolsReadWhatTheAgentWrites() throws Exception {
        String line = format(new JsonFormatter(RANK, false), 50, "x", "main", "B.java:9", "fatal \"quoted\"", null);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonRecords.stringField(b, 0, b.length - 1, "message")).isEqualTo("fatal \"quoted\"");
        assertThat(JsonRecords.stringField(b, 0, b.length - 1, "node")).isEqualTo("node \"7\"");
        assertThat(JsonRecords.rawField(b, 0, b.length - 1, "infra_rank")).isEqualTo("null");
    }

    @Test
    void textFormatIsUnchanged() throws Exception {
        String line = format(new LineFormatter(RANK, true), 20, "ignored", "ignored", "A.java:3", "hello", null);
        assertThat(line).isEqualTo("2024-01-15 10:30:45,123 [INFO] [node \"7\"] [workload:3(1) infra:?(0)] A.java:3 hello\n");
    }

    @Test
    void theTimeHasAsciiDigitsWhateverTheDefaultLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(new java.util.Locale("fa", "IR")); // %d writes Persian digits there
        try {
            String line = format(new JsonFormatter(RANK, true), 20, "app", "main", "A.java:1", "hello", null);
            assertThat(JsonParser.parseString(line).getAsJsonObject().get("time").getAsString())
                    .isEqualTo("2024-01-15T10:30:45.123Z");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
