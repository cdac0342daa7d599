package io.nvrx.agent.cli.triage;

import java.util.ArrayList;
import java.util.List;

/** Short human forms for triage's report. */
final class Durations {
    private Durations() {}

    /** 1 h 2 min 3 s, 4.5 s, 120 ms. */
    static String of(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        long s = millis / 1000;
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return (h > 0 ? h + " h " : "") + m + " min " + (s % 60) + " s";
    }

    /** "1, 4-7, 9" from sorted numbers as text. */
    static String ranges(List<String> sorted) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int start = Integer.parseInt(sorted.get(i));
            int end = start;
            while (i + 1 < sorted.size() && Integer.parseInt(sorted.get(i + 1)) == end + 1) {
                end++;
                i++;
            }
            parts.add(start == end ? Integer.toString(start) : start + "-" + end);
            i++;
        }
        return String.join(", ", parts);
    }
}
