package io.nvrx.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a child JVM printed on one stream, taken apart: NVRx records (header line plus its
 * continuation lines), the test applications' {@code EXPECT} announcements, their program
 * output ({@code program output N}), and anything else.
 */
public final class Records {
    /** One NVRx record: its parsed header and the lines that follow it (a stack trace). */
    public static final class Record {
        public final NvrxLine header;
        public final List<String> continuation = new ArrayList<>();

        Record(NvrxLine header) {
            this.header = header;
        }

        public String message() {
            return header.message;
        }

        public String site() {
            return header.file + ":" + header.line;
        }

        @Override
        public String toString() {
            return header + (continuation.isEmpty() ? "" : "\n" + String.join("\n", continuation));
        }
    }

    public final List<Record> records = new ArrayList<>();
    public final List<String> programOutput = new ArrayList<>();
    /** "label" -> "File.java:NN", from the EXPECT lines. */
    public final Map<String, String> expectedSites = new LinkedHashMap<>();
    /** Lines that are none of the above and precede every record. */
    public final List<String> other = new ArrayList<>();

    public static Records of(List<String> lines) {
        Records parsed = new Records();
        Record current = null;
        for (String line : lines) {
            NvrxLine header = NvrxLine.parse(line);
            if (header != null) {
                current = new Record(header);
                parsed.records.add(current);
            } else if (line.startsWith("EXPECT ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                parsed.expectedSites.put(rest.substring(space + 1), rest.substring(0, space));
            } else if (line.startsWith("program output")) {
                parsed.programOutput.add(line);
            } else if (current != null) {
                current.continuation.add(line);
            } else {
                parsed.other.add(line);
            }
        }
        return parsed;
    }

    public List<String> messages() {
        return records.stream().map(Record::message).collect(Collectors.toList());
    }

    /** The one record with this message; fails if there is none or more than one. */
    public Record only(String message) {
        List<Record> found = records.stream().filter(r -> r.message().equals(message)).collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " records '" + message + "' in:\n" + records);
        }
        return found.get(0);
    }

    /** The one record whose message starts with this prefix. */
    public Record startingWith(String prefix) {
        List<Record> found = records.stream().filter(r -> r.message().startsWith(prefix)).collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " records starting '" + prefix + "' in:\n" + records);
        }
        return found.get(0);
    }
}
