package io.nvrx.agent.aggregate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the aggregator has delivered: the node log's length and every read position, saved by
 * {@link StateStore} after each batch. Text, one entry per line, so a person can read it:
 * <pre>
 *   log    &lt;path&gt; &lt;file key&gt; &lt;length&gt;
 *   file   &lt;name&gt; &lt;generation&gt; &lt;position&gt; &lt;positions delivered beyond it, comma-separated&gt;
 *   writer &lt;process id&gt; &lt;drops reported&gt; &lt;end reported: 0/1&gt;
 *   upstream &lt;name&gt; &lt;file key&gt; &lt;position&gt;
 * </pre>
 * Fields are separated by tabs; tabs, line breaks and backslashes in them are escaped. Never
 * fsync'ed: the state protects against the aggregator being killed (the page cache survives
 * that), not against the machine crashing, which loses the tmp dir's spool files too.
 */
final class DeliveryState {
    static final class FileEntry {
        final long generation;
        final long position;
        final long[] deliveredBeyond;

        FileEntry(long generation, long position, long[] deliveredBeyond) {
            this.generation = generation;
            this.position = position;
            this.deliveredBeyond = deliveredBeyond;
        }
    }

    static final class WriterEntry {
        final long dropsReported;
        final boolean endReported;

        WriterEntry(long dropsReported, boolean endReported) {
            this.dropsReported = dropsReported;
            this.endReported = endReported;
        }
    }

    static final class UpstreamEntry {
        final String fileKey;
        final long position;

        UpstreamEntry(String fileKey, long position) {
            this.fileKey = fileKey;
            this.position = position;
        }
    }

    String logPath;
    String logKey;
    long logLength;
    final Map<String, FileEntry> files = new HashMap<>();
    final Map<String, WriterEntry> writers = new HashMap<>();
    final Map<String, UpstreamEntry> upstream = new HashMap<>();

    /** Reads the lines {@link #encode} wrote; {@code source} names them in an error. */
    static DeliveryState decode(String text, String source) throws IOException {
        DeliveryState state = new DeliveryState();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t", -1);
            try {
                switch (f[0]) {
                    case "log":
                        state.logPath = unescape(f[1]);
                        state.logKey = unescape(f[2]);
                        state.logLength = Long.parseLong(f[3]);
                        break;
                    case "file":
                        state.files.put(unescape(f[1]), new FileEntry(Long.parseLong(f[2]), Long.parseLong(f[3]), longs(f[4])));
                        break;
                    case "writer":
                        state.writers.put(unescape(f[1]), new WriterEntry(Long.parseLong(f[2]), f[3].equals("1")));
                        break;
                    case "upstream":
                        state.upstream.put(unescape(f[1]), new UpstreamEntry(unescape(f[2]), Long.parseLong(f[3])));
                        break;
                    default:
                        throw new IOException("unknown entry '" + f[0] + "'");
                }
            } catch (RuntimeException | IOException e) {
                throw new IOException(source + " entry " + (i + 1) + " is damaged: " + e);
            }
        }
        return state;
    }

    /** The state as text lines (UTF-8). */
    byte[] encode() {
        StringBuilder text = new StringBuilder(256 + 64 * (files.size() + writers.size() + upstream.size()));
        if (logPath != null) {
            text.append("log\t").append(escape(logPath)).append('\t').append(escape(logKey)).append('\t')
                    .append(logLength).append('\n');
        }
        for (Map.Entry<String, FileEntry> e : files.entrySet()) {
            FileEntry f = e.getValue();
            text.append("file\t").append(escape(e.getKey())).append('\t').append(f.generation).append('\t')
                    .append(f.position).append('\t');
            for (int i = 0; i < f.deliveredBeyond.length; i++) {
                text.append(i == 0 ? "" : ",").append(f.deliveredBeyond[i]);
            }
            text.append('\n');
        }
        for (Map.Entry<String, WriterEntry> e : writers.entrySet()) {
            text.append("writer\t").append(escape(e.getKey())).append('\t').append(e.getValue().dropsReported)
                    .append('\t').append(e.getValue().endReported ? "1" : "0").append('\n');
        }
        for (Map.Entry<String, UpstreamEntry> e : upstream.entrySet()) {
            text.append("upstream\t").append(escape(e.getKey())).append('\t').append(escape(e.getValue().fileKey))
                    .append('\t').append(e.getValue().position).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long[] longs(String text) {
        if (text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Long.parseLong(parts[i]);
        }
        return values;
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\': s.append("\\\\"); break;
                case '\t': s.append("\\t"); break;
                case '\n': s.append("\\n"); break;
                case '\r': s.append("\\r"); break;
                default: s.append(c);
            }
        }
        return s.toString();
    }

    static String unescape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                s.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
