package io.nvrx.agent.cli.follow;

import io.nvrx.agent.cli.merge.RecordOutput;
import io.nvrx.agent.cli.read.LocalTimes;
import io.nvrx.agent.cli.read.LogReader;
import io.nvrx.agent.cli.read.LogRecord;
import io.nvrx.agent.cli.read.RecordFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows several node logs as one stream. Each poll reads what every file gained and writes
 * the whole records among it, those of all files sorted by time (a small reordering window:
 * one poll). A record is whole once the next record starts, or once its file has been quiet
 * for {@code settleMillis} and it ends with a line break: its stack trace may still be coming
 * until then.
 */
public final class Follower {
    private final List<TailedFile> files = new ArrayList<>();
    private final List<LocalTimes> times = new ArrayList<>();
    private final RecordFilter filter;
    private final RecordOutput out;
    private final Consumer<String> notes;
    private final long settleNanos;

    private static final class Ready {
        final long time;
        final int file;
        final long sequence;
        final byte[] bytes;

        Ready(long time, int file, long sequence, byte[] bytes) {
            this.time = time;
            this.file = file;
            this.sequence = sequence;
            this.bytes = bytes;
        }
    }

    private long sequence;

    public Follower(List<Path> paths, List<ZoneId> zones, RecordFilter filter, RecordOutput out,
                    Consumer<String> notes, long settleMillis) {
        for (int i = 0; i < paths.size(); i++) {
            files.add(new TailedFile(paths.get(i), i));
            times.add(new LocalTimes(zones.get(i)));
        }
        this.filter = filter;
        this.out = out;
        this.notes = notes;
        this.settleNanos = settleMillis * 1_000_000L;
    }

    /** Opens the files; {@code fromStart} writes what they hold already, else only what comes. */
    public void start(boolean fromStart) throws IOException {
        for (TailedFile file : files) {
            file.openInitially(!fromStart, notes);
        }
    }

    /**
     * One round: read every file, write the whole records in time order.
     *
     * @return true if a file has more to read already (it is read a piece at a time): poll again at once
     */
    public boolean pollOnce() throws IOException {
        List<Ready> ready = new ArrayList<>();
        boolean behind = false;
        for (TailedFile file : files) {
            file.poll(notes);
            boolean took = take(file, ready);
            behind |= took && file.behind(); // (never a busy loop: only while records go out)
        }
        ready.sort(Comparator.comparingLong((Ready r) -> r.time).thenComparingInt(r -> r.file)
                .thenComparingLong(r -> r.sequence));
        for (Ready r : ready) {
            out.write(r.bytes, 0, r.bytes.length);
        }
        out.flush();
        return behind;
    }

    /** @return true if records were taken from the file's pending bytes */
    private boolean take(TailedFile file, List<Ready> ready) throws IOException {
        int length = file.pendingLength();
        if (length == 0) {
            return false;
        }
        byte[] pending = file.pending();
        LogReader reader = new LogReader(file.path.toString(), new ByteArrayInputStream(pending, 0, length),
                times.get(file.index), Math.min(length, 1 << 20), TailedFile.MAX_PENDING);
        LogRecord r = new LogRecord();
        int consumed = 0;
        boolean keep = false;
        long lastTime = Long.MIN_VALUE;
        while (reader.next(r)) {
            int end = consumed + r.length();
            boolean last = end >= length;
            if (last) {
                boolean oneHugeLine = consumed == 0 && length >= TailedFile.MAX_PENDING; // out as it is
                if (file.behind() ? !oneHugeLine
                        : !(file.quietNanos() >= settleNanos && pending[length - 1] == '\n') && length < TailedFile.MAX_PENDING) {
                    break; // may still grow (or the file holds more, not read yet): wait
                }
            }
            keep = r.kind() == LogRecord.Kind.CONTINUED ? keep : filter.matches(r);
            long time = r.hasFields() ? r.epochMillis() : lastTime;
            lastTime = time;
            if (keep) {
                byte[] bytes = Arrays.copyOfRange(r.bytes(), r.start(), r.end());
                if (r.missingFinalNewline()) {
                    bytes = Arrays.copyOf(bytes, bytes.length + 1);
                    bytes[bytes.length - 1] = '\n';
                }
                ready.add(new Ready(time, file.index, sequence++, bytes));
            }
            consumed = end;
        }
        if (consumed > 0) {
            file.consume(consumed);
        }
        return consumed > 0;
    }

    public void close() {
        for (TailedFile file : files) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
