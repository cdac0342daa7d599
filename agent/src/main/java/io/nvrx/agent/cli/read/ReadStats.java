package io.nvrx.agent.cli.read;

import java.util.ArrayList;
import java.util.List;

/** What a reader found in one file, for the tools' closing notes on standard error. */
public final class ReadStats {
    public final String name;
    public long bytes;
    public long records;
    public long leadingLines;
    public long outOfOrder;
    public long splitRecords;
    public boolean missingFinalNewline;
    /** Why the file could not be read to its end (a damaged .gz), or null. */
    public String readError;
    long lastEpochMillis = Long.MIN_VALUE;

    ReadStats(String name) {
        this.name = name;
    }

    /** One line per thing worth telling a user, empty when the file was a clean node log. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (records == 0 && bytes > 0) {
            notes.add(name + ": no NVRx record found (not an NVRx log?); its " + leadingLines
                    + " lines were passed through as they are");
        } else if (leadingLines > 0) {
            notes.add(name + ": " + leadingLines + " line(s) before its first record, kept before it");
        }
        if (outOfOrder > 0) {
            notes.add(name + ": " + outOfOrder + " record(s) older than one before them (file not in time order);"
                    + " they keep their place in the file's order");
        }
        if (missingFinalNewline) {
            notes.add(name + ": ends in the middle of a line (truncated or still being written);"
                    + " the last line was completed with a line break");
        }
        if (readError != null) {
            notes.add(name + ": could not be read to its end (" + readError + "); what came before is used");
        }
        if (splitRecords > 0) {
            notes.add(name + ": " + splitRecords + " record(s) larger than the in-memory limit were passed through"
                    + " in parts (filters looked at the first part)");
        }
        return notes;
    }
}
