package io.nvrx.agent.cli.read;

import java.nio.charset.StandardCharsets;

/**
 * One record of a node log, as the tools see it: its raw bytes (header line plus continuation
 * lines, written back unchanged) and the header fields they filter and sort on, parsed in
 * place. A reader fills the same instance again and again, so reading allocates nothing per
 * record; whoever keeps something copies it.
 */
public final class LogRecord {
    /** Rank fields that printed as {@code ?} (or JSON null). */
    public static final int UNKNOWN = -1;

    /** What kind of record this is. */
    public enum Kind {
        /** An NVRx text record: a header line, then any continuation lines. */
        TEXT,
        /** One JSON object per line, as NVRX_LOG_FORMAT=json writes. */
        JSON,
        /** Lines before a file's first record: no header fields, time {@link Long#MIN_VALUE}. */
        UNPARSED,
        /** The rest of a record too large to hold in memory at once: same fields as its first part. */
        CONTINUED
    }

    // The record's bytes: bytes[start, end). Valid until the reader is advanced.
    byte[] bytes;
    int start;
    int end;
    /** End of the first line (index of its '\n', or end when none). */
    int headerEnd;
    /** True when the file ended before this record's last line break. */
    boolean missingFinalNewline;

    Kind kind;
    long epochMillis;
    int level;
    int rank = UNKNOWN;
    int localRank = UNKNOWN;
    int infraRank = UNKNOWN;
    int infraLocalRank = UNKNOWN;

    // Node name: nodeBytes[nodeStart, nodeEnd): the record's own bytes for text, decoded for JSON.
    byte[] nodeBytes;
    int nodeStart;
    int nodeEnd;
    private final byte[] decodedNode = new byte[256];

    // Text records: where "File.java:45" and the message start; JSON: -1 (decode on demand).
    int siteStart = -1;
    int siteEnd = -1;
    int messageStart = -1;

    public byte[] bytes() {
        return bytes;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int length() {
        return end - start;
    }

    public boolean missingFinalNewline() {
        return missingFinalNewline;
    }

    public Kind kind() {
        return kind;
    }

    public long epochMillis() {
        return epochMillis;
    }

    /** Python level number (10 DEBUG .. 50 CRITICAL), 0 for a record without one. */
    public int level() {
        return level;
    }

    public int rank() {
        return rank;
    }

    public int localRank() {
        return localRank;
    }

    public int infraRank() {
        return infraRank;
    }

    public int infraLocalRank() {
        return infraLocalRank;
    }

    public boolean hasFields() {
        return kind == Kind.TEXT || kind == Kind.JSON || kind == Kind.CONTINUED;
    }

    public boolean nodeEquals(byte[] name) {
        int n = nodeEnd - nodeStart;
        if (nodeBytes == null || n != name.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (nodeBytes[nodeStart + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    public String node() {
        return nodeBytes == null ? "" : new String(nodeBytes, nodeStart, nodeEnd - nodeStart, StandardCharsets.UTF_8);
    }

    /** The first line, without its line break, as text (allocates: for reports, not the hot path). */
    public String firstLine() {
        int e = headerEnd;
        if (e > start && bytes[e - 1] == '\r') {
            e--;
        }
        return new String(bytes, start, e - start, StandardCharsets.UTF_8);
    }

    /** "File.java:45" and the message of the header, as text; for JSON records decoded from the object. */
    public String callSite() {
        if (kind == Kind.JSON) {
            String file = JsonRecords.stringField(bytes, start, headerEnd, "file");
            String line = JsonRecords.rawField(bytes, start, headerEnd, "line");
            return (file == null ? "?" : file) + ":" + (line == null ? "0" : line);
        }
        if (siteStart < 0) {
            return "";
        }
        return new String(bytes, siteStart, siteEnd - siteStart, StandardCharsets.UTF_8);
    }

    public String message() {
        if (kind == Kind.JSON) {
            String message = JsonRecords.stringField(bytes, start, headerEnd, "message");
            return message == null ? "" : message;
        }
        if (messageStart < 0) {
            return firstLine();
        }
        int e = headerEnd;
        if (e > messageStart && bytes[e - 1] == '\r') {
            e--;
        }
        return new String(bytes, messageStart, Math.max(0, e - messageStart), StandardCharsets.UTF_8);
    }

    /** Number of lines of this record after the first one. */
    public int continuationLines() {
        int lines = 0;
        for (int i = headerEnd + 1; i < end; i++) {
            if (bytes[i - 1] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Copies every field but the bytes (used for the look-ahead header and split records). */
    void copyFieldsFrom(LogRecord other) {
        kind = other.kind;
        epochMillis = other.epochMillis;
        level = other.level;
        rank = other.rank;
        localRank = other.localRank;
        infraRank = other.infraRank;
        infraLocalRank = other.infraLocalRank;
        int n = Math.min(other.nodeEnd - other.nodeStart, decodedNode.length);
        if (other.nodeBytes != null) {
            System.arraycopy(other.nodeBytes, other.nodeStart, decodedNode, 0, n);
        }
        nodeBytes = decodedNode;
        nodeStart = 0;
        nodeEnd = n;
        siteStart = -1;
        siteEnd = -1;
        messageStart = -1;
    }

    /** Points the node at the decoded copy (JSON names may hold escapes). */
    byte[] decodedNodeBuffer() {
        return decodedNode;
    }

    void clearFields(Kind newKind) {
        kind = newKind;
        epochMillis = Long.MIN_VALUE;
        level = 0;
        rank = UNKNOWN;
        localRank = UNKNOWN;
        infraRank = UNKNOWN;
        infraLocalRank = UNKNOWN;
        nodeBytes = null;
        nodeStart = 0;
        nodeEnd = 0;
        siteStart = -1;
        siteEnd = -1;
        messageStart = -1;
    }
}
