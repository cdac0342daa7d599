package io.nvrx.agent.cli.read;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogReaderTest {
    static final String H = "2024-01-15 10:30:4%d,%03d [INFO] [n1] [workload:%d(0) infra:0(0)] A.java:1 %s";

    static String header(int second, int millis, int rank, String message) {
        return String.format(H, second, millis, rank, message);
    }

    /** Reads every record as (kind, text) with tiny buffers, so compaction and growth happen often. */
    static List<String> read(String content, int buffer, int maxRecord) throws IOException {
        LogReader reader = new LogReader("t", new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                new LocalTimes(ZoneOffset.UTC), buffer, maxRecord);
        List<String> out = new ArrayList<>();
        LogRecord r = new LogRecord();
        while (reader.next(r)) {
            String text = new String(r.bytes(), r.start(), r.length(), StandardCharsets.UTF_8);
            out.add(r.kind() + ":" + (r.hasFields() ? r.rank() + ":" + r.node() + ":" : "") + text);
        }
        return out;
    }

    @Test
    void continuationLinesBelongToTheRecordBefore() throws IOException {
        String a = header(1, 0, 0, "boom");
        String b = header(2, 0, 1, "next");
        String content = a + "\njava.lang.IllegalStateException: boom\n\tat A.main(A.java:1)\nstray output\n" + b + "\n";
        assertThat(read(content, 4096, 1 << 20)).containsExactly(
                "TEXT:0:n1:" + a + "\njava.lang.IllegalStateException: boom\n\tat A.main(A.java:1)\nstray output\n",
                "TEXT:1:n1:" + b + "\n");
    }

    @Test
    void linesBeforeTheFirstRecordAreOneUnparsedRecordTimedLikeTheFirst() throws IOException {
        String a = header(1, 0, 0, "first");
        LogReader reader = new LogReader("t", new ByteArrayInputStream(
                ("Picked up JAVA_TOOL_OPTIONS: x\nhello\n" + a + "\n").getBytes(StandardCharsets.UTF_8)),
                new LocalTimes(ZoneOffset.UTC), 4096, 1 << 20);
        LogRecord r = new LogRecord();
        assertThat(reader.next(r)).isTrue();
        assertThat(r.kind()).isEqualTo(LogRecord.Kind.UNPARSED);
        long unparsedTime = r.epochMillis();
        assertThat(reader.next(r)).isTrue();
        assertThat(r.kind()).isEqualTo(LogRecord.Kind.TEXT);
        assertThat(unparsedTime).isEqualTo(r.epochMillis());
        assertThat(reader.next(r)).isFalse();
        assertThat(reader.stats().leadingLines).isEqualTo(2);
        assertThat(reader.stats().notes()).anyMatch(n -> n.contains("2 line(s) before its first record"));
    }

    @Test
    void aTruncatedLastLineIsKeptAndReported() throws IOException {
        String a = header(1, 0, 0, "whole");
        String cut = "2024-01-15 10:30:42,000 [INF";
        LogReader reader = new LogReader("t", new ByteArrayInputStream((a + "\n" + cut).getBytes(StandardCharsets.UTF_8)),
                new LocalTimes(ZoneOffset.UTC), 4096, 1 << 20);
        LogRecord r = new LogRecord();
        assertThat(reader.next(r)).isTrue();
        assertThat(new String(r.bytes(), r.start(), r.length(), StandardCharsets.UTF_8)).isEqualTo(a + "\n" + cut);
        assertThat(r.missingFinalNewline()).isTrue();
        assertThat(reader.next(r)).isFalse();
        assertThat(reader.stats().notes()).anyMatch(n -> n.contains("ends in the middle of a line"));
    }

    @Test
    void smallBuffersGiveTheSameRecordsAsLargeOnes() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            content.append(header(i % 10, i, i % 7, "message " + i + " " + "x".repeat(i % 50))).append('\n');
            if (i % 3 == 0) {
                content.append("\tat Frame").append(i).append(".run(Frame.java:").append(i).append(")\n");
            }
        }
        List<String> large = read(content.toString(), 1 << 20, 1 << 20);
        assertThat(large).hasSize(300);
        assertThat(read(content.toString(), 64, 4096)).isEqualTo(large); // buffer floor is 4096
        // Text fields (node) stay right after the buffer moved.
        assertThat(read(content.toString(), 64, 4096)).allMatch(s -> s.contains(":n1:"));
    }

    @Test
    void aRecordLargerThanTheLimitComesInPartsWithTheSameFields() throws IOException {
        String a = header(1, 0, 3, "big");
        StringBuilder big = new StringBuilder(a).append('\n');
        for (int i = 0; i < 2000; i++) {
            big.append("\tat Frame").append(i).append(".run(Frame.java:1)\n");
        }
        String b = header(2, 0, 4, "after");
        List<String> records = read(big + b + "\n", 4096, 8192);
        assertThat(records.get(0)).startsWith("TEXT:3:n1:" + a);
        assertThat(records.subList(1, records.size() - 1)).allMatch(s -> s.startsWith("CONTINUED:3:n1:"));
        assertThat(records.get(records.size() - 1)).isEqualTo("TEXT:4:n1:" + b + "\n");
        StringBuilder joined = new StringBuilder();
        for (String s : records.subList(0, records.size() - 1)) {
            joined.append(s.substring(s.indexOf(":n1:") + 4));
        }
        assertThat(joined.toString()).isEqualTo(big.toString());
    }

    @Test
    void jsonRecordsAndTextRecordsMix() throws IOException {
        String json = "{\"time\":\"2024-01-15T11:30:41.500+01:00\",\"level\":\"ERROR\",\"node\":\"n\\u0032\",\"rank\":5,"
                + "\"local_rank\":null,\"infra_rank\":7,\"infra_local_rank\":1,\"file\":\"B.java\",\"line\":9,"
                + "\"message\":\"a \\\"quoted\\\" \\n message\",\"mdc\":{\"k\":[1,{\"x\":\"}\"}]}}";
        String content = header(1, 0, 0, "text") + "\n" + json + "\n" + "  continuation of the json record\n";
        LogReader reader = new LogReader("t", new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                new LocalTimes(ZoneOffset.UTC), 4096, 1 << 20);
        LogRecord r = new LogRecord();
        assertThat(reader.next(r)).isTrue();
        assertThat(reader.next(r)).isTrue();
        assertThat(r.kind()).isEqualTo(LogRecord.Kind.JSON);
        assertThat(r.epochMillis()).isEqualTo(java.time.Instant.parse("2024-01-15T10:30:41.500Z").toEpochMilli());
        assertThat(r.level()).isEqualTo(40);
        assertThat(r.node()).isEqualTo("n2");
        assertThat(new int[] {r.rank(), r.localRank(), r.infraRank(), r.infraLocalRank()}).containsExactly(5, -1, 7, 1);
        assertThat(r.message()).isEqualTo("a \"quoted\" \n message");
        assertThat(r.callSite()).isEqualTo("B.java:9");
        assertThat(r.continuationLines()).isEqualTo(1);
        assertThat(reader.next(r)).isFalse();
    }

    @Test
    void brokenJsonIsAContinuationLine() throws IOException {
        String content = header(1, 0, 0, "text") + "\n{\"time\":\"not a time\"}\n{\"level\":\"INFO\"}\n{\"time\":\n";
        assertThat(read(content, 4096, 1 << 20)).hasSize(1);
    }
}
