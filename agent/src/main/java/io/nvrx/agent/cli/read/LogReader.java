package io.nvrx.agent.cli.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads one node log (text or JSON records, or both) record by record, streaming through a
 * byte buffer: memory is bounded by the buffer, whatever the file's size.
 *
 * <p>A record is a header line (or one JSON object line) plus every following line that is not
 * itself a record start: continuation lines belong to the record before them, as upstream's
 * aggregator reads them (stack traces, multi-line messages, stray program output). Lines
 * before a file's first record form one {@link LogRecord.Kind#UNPARSED} record. A record
 * larger than {@code maxRecordBytes} is handed out in parts, the later ones
 * {@link LogRecord.Kind#CONTINUED} with the first part's fields, so that a merge keeps them
 * together. A last line without a line break (a truncated file) is still a line.
 */
public final class LogReader implements Closeable {
    private final String name;
    private final InputStream in;
    private final LocalTimes times;
    private final int maxRecordBytes;
    private final LogRecord lookahead = new LogRecord();
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** Bytes moved out of the buffer's front so far: text fields parsed earlier shift by the difference. */
    private long compacted;
    private long compactedAtParse;
    /** The bytes at pos continue a record that was split (or a line that was cut). */
    private boolean continuing;
    private boolean continuingMidLine;
    private final LogRecord continuedFields = new LogRecord();

    private final ReadStats stats;

    public LogReader(String name, InputStream in, LocalTimes times, int bufferBytes, int maxRecordBytes) {
        this.name = name;
        this.in = in;
        this.times = times;
        this.buf = new byte[Math.max(4096, bufferBytes)];
        this.maxRecordBytes = Math.max(this.buf.length, maxRecordBytes);
        this.stats = new ReadStats(name);
    }

    public String name() {
        return name;
    }

    public ReadStats stats() {
        return stats;
    }

    public LocalTimes times() {
        return times;
    }

    /** Fills {@code r} with the next record; false at the end of the file. */
    public boolean next(LogRecord r) throws IOException {
        if (pos >= limit && !fill()) {
            return false;
        }
        int rel;
        if (continuing) {
            r.copyFieldsFrom(continuedFields);
            r.kind = LogRecord.Kind.CONTINUED;
            rel = continuingMidLine ? lineEnd(0) : 0;
            continuing = false;
        } else {
            int first = lineEnd(0);
            boolean header = parseLineAt(0, first, r);
            compactedAtParse = compacted;
            if (!header) {
                r.clearFields(LogRecord.Kind.UNPARSED);
                stats.leadingLines++;
                rel = first;
                // Lines before the first record: up to the first record start.
                while (true) {
                    if (pos + rel >= limit && !fill()) break;
                    if (rel >= maxRecordBytes) break;
                    int end = lineEnd(rel);
                    if (parseLineAt(rel, end, lookahead)) {
                        r.epochMillis = lookahead.epochMillis; // sorted with the record they precede
                        break;
                    }
                    stats.leadingLines++;
                    rel = end;
                }
                return finish(r, rel);
            }
            stats.records++;
            if (r.epochMillis < stats.lastEpochMillis) {
                stats.outOfOrder++;
            } else {
                stats.lastEpochMillis = r.epochMillis;
            }
            rel = first;
        }
        // Continuation lines, up to the next record start.
        while (true) {
            if (pos + rel >= limit && !fill()) break;
            if (rel >= maxRecordBytes) {
                split(r);
                break;
            }
            int end = lineEnd(rel);
            if (parseLineAt(rel, end, lookahead)) break;
            if (end >= maxRecordBytes && buf[pos + end - 1] != '\n') {
                rel = end;
                split(r);
                continuingMidLine = true;
                break;
            }
            rel = end;
        }
        return finish(r, rel);
    }

    private boolean finish(LogRecord r, int rel) {
        int start = pos;
        r.bytes = buf;
        r.start = start;
        r.end = start + rel;
        int nl = start;
        while (nl < r.end && buf[nl] != '\n') nl++;
        r.headerEnd = nl;
        r.missingFinalNewline = rel > 0 && buf[start + rel - 1] != '\n' && eof && start + rel >= limit;
        if (r.missingFinalNewline) {
            stats.missingFinalNewline = true;
        }
        if (r.kind == LogRecord.Kind.TEXT) {
            // Text fields point into buf: move them as far as the buffer moved since parsing.
            int delta = (int) (compacted - compactedAtParse);
            r.nodeBytes = buf;
            r.nodeStart -= delta;
            r.nodeEnd -= delta;
            r.siteStart -= delta;
            r.siteEnd -= delta;
            r.messageStart -= delta;
        }
        pos = start + rel;
        return true;
    }

    /** Remember the fields so the rest of the record comes out as CONTINUED with the same time. */
    private void split(LogRecord r) {
        continuedFields.copyFieldsFrom(r);
        continuing = true;
        continuingMidLine = false;
        stats.splitRecords++;
    }

    /** Parses the line at relative offsets [from, end) as a record start. */
    private boolean parseLineAt(int from, int end, LogRecord into) {
        int a = pos + from;
        int e = pos + end;
        if (e > a && buf[e - 1] == '\n') e--;
        if (e - a < 2) return false;
        byte c = buf[a];
        if (c >= '0' && c <= '9') {
            return HeaderParser.mayBeHeader(buf, a, e) && HeaderParser.parse(buf, a, e, into, times);
        }
        if (c == '{' || c == ' ') {
            return JsonRecords.parse(buf, a, e, into);
        }
        return false;
    }

    /**
     * The relative end (after the '\n') of the line starting at relative offset {@code from};
     * at the end of the file, or when a line reaches maxRecordBytes, where it stops.
     */
    private int lineEnd(int from) throws IOException {
        int scanned = from;
        while (true) {
            int i = pos + scanned;
            int stop = Math.min(limit, pos + maxRecordBytes);
            while (i < stop && buf[i] != '\n') i++;
            if (i < stop) return i + 1 - pos;
            if (i >= pos + maxRecordBytes) return maxRecordBytes;
            scanned = i - pos;
            if (!fill()) return limit - pos;
        }
    }

    /** Reads more bytes, compacting or growing the buffer; false at the end of the file. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            compacted += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= maxRecordBytes + 1) {
                return true; // full: the caller splits at maxRecordBytes
            }
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxRecordBytes + 1));
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (IOException unreadable) {
            // A damaged file (a truncated .gz, say): what came before it is kept, the rest of
            // the run goes on, and a closing note names the file.
            stats.readError = String.valueOf(unreadable);
            n = -1;
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        stats.bytes += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
