package io.nvrx.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One parsed NVRx record header line, for assertions. */
public final class NvrxLine {
    public static final Pattern HEADER = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) \\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\\] \\[([^\\]]*)\\] "
                    + "\\[workload:([0-9?]+)\\(([0-9?]+)\\) infra:([0-9?]+)\\(([0-9?]+)\\)\\] (\\S+):(\\d+) (.*)$");

    public final String time;
    public final String level;
    public final String node;
    public final String rank;
    public final String localRank;
    public final String infraRank;
    public final String infraLocalRank;
    public final String file;
    public final int line;
    public final String message;

    private NvrxLine(Matcher m) {
        time = m.group(1);
        level = m.group(2);
        node = m.group(3);
        rank = m.group(4);
        localRank = m.group(5);
        infraRank = m.group(6);
        infraLocalRank = m.group(7);
        file = m.group(8);
        line = Integer.parseInt(m.group(9));
        message = m.group(10);
    }

    /** Parses a header line, or returns null if it is not one. */
    public static NvrxLine parse(String text) {
        Matcher m = HEADER.matcher(text);
        return m.matches() ? new NvrxLine(m) : null;
    }

    /** All header lines among {@code lines}. */
    public static List<NvrxLine> all(List<String> lines) {
        List<NvrxLine> records = new ArrayList<>();
        for (String text : lines) {
            NvrxLine parsed = parse(text);
            if (parsed != null) {
                records.add(parsed);
            }
        }
        return records;
    }

    public String ranks() {
        return "workload:" + rank + "(" + localRank + ") infra:" + infraRank + "(" + infraLocalRank + ")";
    }

    @Override
    public String toString() {
        return time + " [" + level + "] [" + node + "] [" + ranks() + "] " + file + ":" + line + " " + message;
    }
}
