package io.nvrx.agent.cli.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which records a tool keeps: by workload rank, infra rank, node, minimum level, time range
 * [since, until) and text (a substring of the record, continuation lines included). Every
 * check works on the parsed fields and raw bytes; none makes a String per record.
 * Lines without fields (before a file's first record) pass only when no field is filtered.
 */
public final class RecordFilter {
    private BitSet ranks;
    private boolean unknownRank;
    private BitSet infraRanks;
    private boolean unknownInfraRank;
    private final List<byte[]> nodes = new ArrayList<>();
    private int minLevel;
    private long since = Long.MIN_VALUE;
    private long until = Long.MAX_VALUE;
    private final List<byte[][]> texts = new ArrayList<>();
    private Pattern regex;

    /** Ranks as "0,3,5-7,?" (? selects records whose rank is unknown). */
    public RecordFilter ranks(List<String> spec) {
        if (!spec.isEmpty()) {
            ranks = new BitSet();
            unknownRank = parseRanks(spec, ranks, "--rank");
        }
        return this;
    }

    public RecordFilter infraRanks(List<String> spec) {
        if (!spec.isEmpty()) {
            infraRanks = new BitSet();
            unknownInfraRank = parseRanks(spec, infraRanks, "--infra-rank");
        }
        return this;
    }

    public RecordFilter nodes(List<String> names) {
        for (String name : names) {
            nodes.add(name.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    public RecordFilter minLevel(int level) {
        this.minLevel = level;
        return this;
    }

    public RecordFilter since(long epochMillis) {
        this.since = epochMillis;
        return this;
    }

    public RecordFilter until(long epochMillis) {
        this.until = epochMillis;
        return this;
    }

    /** A substring every kept record contains (several: all of them). */
    public RecordFilter text(String needle) {
        if (!needle.isEmpty()) {
            texts.add(new byte[][] {needle.getBytes(StandardCharsets.UTF_8), jsonEscaped(needle)});
        }
        return this;
    }

    /** A regular expression found somewhere in the record's text (slower: decodes each record). */
    public RecordFilter regex(Pattern pattern) {
        this.regex = pattern;
        return this;
    }

    public boolean filtersFields() {
        return ranks != null || infraRanks != null || !nodes.isEmpty() || minLevel > 0
                || since != Long.MIN_VALUE || until != Long.MAX_VALUE;
    }

    public boolean matches(LogRecord r) {
        if (!r.hasFields()) {
            return !filtersFields() && textMatches(r);
        }
        if (r.level < minLevel || r.epochMillis < since || r.epochMillis >= until) {
            return false;
        }
        if (ranks != null && !(r.rank < 0 ? unknownRank : ranks.get(r.rank))) {
            return false;
        }
        if (infraRanks != null && !(r.infraRank < 0 ? unknownInfraRank : infraRanks.get(r.infraRank))) {
            return false;
        }
        if (!nodes.isEmpty()) {
            boolean any = false;
            for (byte[] node : nodes) {
                if (r.nodeEquals(node)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return textMatches(r);
    }

    private boolean textMatches(LogRecord r) {
        for (byte[][] needle : texts) {
            byte[] n = r.kind == LogRecord.Kind.JSON ? needle[1] : needle[0];
            if (HeaderParser.indexOf(r.bytes, r.start, r.end, n) < 0) {
                return false;
            }
        }
        if (regex != null) {
            String text = r.kind == LogRecord.Kind.JSON ? r.message() + "\n" + r.firstLine()
                    : new String(r.bytes, r.start, r.end - r.start, StandardCharsets.UTF_8);
            return regex.matcher(text).find();
        }
        return true;
    }

    private static boolean parseRanks(List<String> spec, BitSet into, String option) {
        boolean unknown = false;
        for (String part : spec) {
            try {
                if (part.equals("?")) {
                    unknown = true;
                } else if (part.indexOf('-') > 0) {
                    int dash = part.indexOf('-');
                    int from = Integer.parseInt(part.substring(0, dash).trim());
                    int to = Integer.parseInt(part.substring(dash + 1).trim());
                    if (from < 0 || to < from || to - from > 10_000_000) {
                        throw new NumberFormatException();
                    }
                    into.set(from, to + 1);
                } else {
                    int rank = Integer.parseInt(part.trim());
                    if (rank < 0) {
                        throw new NumberFormatException();
                    }
                    into.set(rank);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " " + part + ": expected ranks such as 0,3,5-7 or ?");
            }
        }
        return unknown;
    }

    /** The needle as it appears inside a JSON string written by the agent. */
    static byte[] jsonEscaped(String text) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': s.append("\\\""); break;
                case '\\': s.append("\\\\"); break;
                case '\n': s.append("\\n"); break;
                case '\t': s.append("\\t"); break;
                case '\r': s.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
