package io.nvrx.agent.cli.merge;

import io.nvrx.agent.cli.read.LogRecord;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes records' bytes unchanged through one large buffer (a record of a truncated file gets
 * its missing final line break). Large writes go straight to the stream.
 */
public final class RecordOutput implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buffer;
    private int length;
    private long records;
    private long bytes;

    public RecordOutput(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buffer = new byte[bufferBytes];
    }

    public void write(LogRecord r) throws IOException {
        write(r.bytes(), r.start(), r.length());
        if (r.missingFinalNewline()) {
            write(new byte[] {'\n'}, 0, 1);
        }
        if (r.kind() != LogRecord.Kind.CONTINUED) {
            records++;
        }
    }

    public void write(byte[] b, int off, int len) throws IOException {
        bytes += len;
        if (len > buffer.length - length) {
            flushBuffer();
            if (len > buffer.length / 2) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buffer, length, len);
        length += len;
    }

    private void flushBuffer() throws IOException {
        if (length > 0) {
            out.write(buffer, 0, length);
            length = 0;
        }
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
