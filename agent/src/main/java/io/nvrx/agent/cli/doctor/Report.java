package io.nvrx.agent.cli.doctor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The doctor's findings: sections of lines, each check marked ok, warn or FAIL. */
final class Report {
    private final List<String> lines = new ArrayList<>();
    private int failures;
    private int warnings;

    void section(String title) {
        if (!lines.isEmpty()) {
            lines.add("");
        }
        lines.add(title);
    }

    void info(String text) {
        lines.add("  " + text);
    }

    void ok(String text) {
        lines.add("  [ok]   " + text);
    }

    void warn(String text) {
        warnings++;
        lines.add("  [warn] " + text);
    }

    void fail(String text) {
        failures++;
        lines.add("  [FAIL] " + text);
    }

    int failures() {
        return failures;
    }

    int warnings() {
        return warnings;
    }

    void print(PrintStream out) {
        for (String line : lines) {
            out.println(line);
        }
    }
}
