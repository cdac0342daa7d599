package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SharedControl;
import io.nvrx.agent.spool.SpoolDirectory;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The node aggregator: one per spool directory (elected with {@code nvrx-aggregator.lock}). It
 * polls the spool files of every process, merges their records by time and appends them to the
 * node log, exactly once; then lets writers reuse (or deletes) what it delivered.
 *
 * <p>One poll:
 * <ol>
 * <li>take the time W;</li>
 * <li>list the directory if a writer created a file since the last listing (see
 *     {@link SharedControl}), and at least twice a second;</li>
 * <li>read every file's new committed frames into the merge pool;</li>
 * <li>emit, in stamp order, every pooled record stamped before the watermark: W, lowered to the
 *     bound of any file stuck at a frame a live writer reserved but has not committed. Every
 *     record not read yet has a later stamp (see {@link SpoolSource}): zero inversions;</li>
 * <li>save the node log's length and the read positions (the state), then mark delivered
 *     files in their headers and delete the files of processes that are gone.</li>
 * </ol>
 * It stops a grace period after the last writer is gone and all is delivered, removing its
 * state, lock and control files.
 */
public final class Aggregator {
    private static final long FULL_LISTING_NANOS = 500_000_000L;
    private static final long UPSTREAM_LISTING_NANOS = 200_000_000L;
    private static final long DIRECTORY_CHECK_NANOS = 1_000_000_000L;
    private static final long PROBE_NANOS = 50_000_000L;
    private static final long STUCK_PROBE_NANOS = 10_000_000L;
    private static final long CLOCK_CHECK_NANOS = 1_000_000_000L;
    private static final long UPSTREAM_LOCK_RETRY_NANOS = 1_000_000_000L;
    private static final long BUSY_PAUSE_NANOS = 200_000L;
    private static final long IDLE_PAUSE_MIN_NANOS = 1_000_000L;
    private static final long IDLE_PAUSE_MAX_NANOS = 5_000_000L;
    private static final long SAVE_EVERY_NANOS = 20_000_000L;
    /**
     * Records the merge pool holds before reading slows to the source that holds the merge back
     * (which may add a quarter more). A backlog of any size is then read a slice at a time.
     * About 100 bytes each with their bookkeeping, some 3 MB: small enough that they die young.
     * With 400,000 (40 MB) a backlog's records outlived young collections, and copying and
     * full collections took 12% of a drain's time (375 ms of 3.3 s for 4.4 million records,
     * against 63 ms of 3.0 s now); each slice is still some 10 ms of work.
     */
    static final int POOL_CAPACITY = 32_768;
    /** Frames a source may always read in a poll, so that a full pool still moves on. */
    static final int MIN_READ = 1024;
    /** A time that never was: whatever is "due" since it is due now. */
    static final long NEVER = Long.MIN_VALUE;

    private final AggregatorOptions options;
    private final PrintStream diagnostics;
    private final Path spoolDir;
    private final StateStore stateStore;
    private final NoteFormatter notes;
    private final ZoneId zone = ZoneId.systemDefault();
    private final int uid = SpoolDirectory.currentUid();

    private ElectionLock lock;
    private ElectionLock upstreamLock;
    private SharedControl shared;
    private NodeLog log;
    private DeliveryState saved;

    private final Map<String, WriterState> writers = new HashMap<>();
    private final Map<String, SpoolSource> sources = new HashMap<>();
    private final Map<String, UpstreamSource> upstream = new HashMap<>();
    /** Names never to open again: files that are not ours, and files already delivered and deleted. */
    private final Set<String> ignored = new HashSet<>();
    /** Processes whose end is in the node log (their files may outlive a failed delete). */
    private final Set<String> endedWriters = new HashSet<>();
    private final MergePool pool = new MergePool();
    private ByteBuffer out = ByteBuffer.allocateDirect(1 << 20);
    private long sourceOrder;
    private long lastDirChanges = Long.MIN_VALUE;
    private long lastFullListing = NEVER;
    private long lastUpstreamListing = NEVER;
    private long lastUpstreamLockTry = NEVER;
    private long lastClockCheck = NEVER;
    /** The node's clock offset at the last check (see {@link #noteClockStep}). */
    private long knownClockOffset;
    private long previousPollStart = Long.MIN_VALUE;
    /** The source whose bound held the merge lowest in the last poll (see {@link #POOL_CAPACITY}). */
    private SpoolSource holdingBack;
    private final StallTrace stalls;
    private int poolCapacity = POOL_CAPACITY;
    private int minRead = MIN_READ;
    /** Counts polls (see {@link WriterState#finished}). */
    private long pollNumber;
    private long lastEmittedKey = Long.MIN_VALUE;
    private long lastSave = NEVER;
    private long lastDirectoryCheck = NEVER;
    private boolean unsaved;
    private long emittedTotal;
    private volatile boolean stopRequested;

    public Aggregator(AggregatorOptions options, PrintStream diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
        this.spoolDir = options.spoolDir;
        this.stateStore = new StateStore(spoolDir.resolve(SpoolLayout.AGGREGATOR_STATE));
        this.notes = new NoteFormatter(options.utc, options.node);
        this.stalls = new StallTrace(diagnostics);
    }

    /** Smaller limits, for tests of a backlog bigger than the pool. */
    void limitPool(int capacity, int minimumRead) {
        this.poolCapacity = capacity;
        this.minRead = minimumRead;
    }

    /** Asks the loop to deliver what it has, save, and return (SIGTERM). */
    void requestStop() {
        stopRequested = true;
    }

    /** Runs until the job is gone; returns the process exit code. */
    public int run() throws IOException {
        if (!open()) {
            diagnostics.println("nvrx-aggregator: another aggregator runs for " + spoolDir);
            return 0;
        }
        boolean clean = false;
        try {
            clean = loop();
        } finally {
            close(clean);
        }
        return 0;
    }

    /**
     * Takes the election lock, then opens the shared control file, the saved state and the node
     * log. Returns false, holding nothing, if another aggregator has the lock.
     */
    boolean open() throws IOException {
        if (!Files.isDirectory(spoolDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(spoolDir + " is not a directory");
        }
        lock = ElectionLock.acquire(spoolDir.resolve(SpoolLayout.AGGREGATOR_LOCK), 2000);
        if (lock == null) {
            return false;
        }
        boolean opened = false;
        try {
            shared = SharedControl.openOrCreate(spoolDir);
            knownClockOffset = shared.offsetNanos();
            try {
                saved = stateStore.load();
            } catch (IOException damaged) {
                saved = new DeliveryState();
                pool.add(note(System.nanoTime(), "WARNING", "the aggregator's saved state was unreadable ("
                        + damaged.getMessage() + "); records of processes still spooling may appear twice"));
            }
            log = NodeLog.open(options.nodeLog, options.fallbackNodeLog(), saved, options.nodeLogMaxBytes,
                    options.nodeLogMaxFiles);
            if (log.openNote != null) {
                pool.add(note(System.nanoTime(), "WARNING", log.openNote));
            }
            if (saved.logPath == null) {
                // A fresh start (no saved state, or a damaged one): save the log's length before
                // anything is appended. Without it, a kill -9 between our first batch and our
                // first save left a successor no length to cut back to, and it wrote the batch
                // again. With a loaded state the cut-back log matches it already.
                save(System.nanoTime());
            }
            opened = true;
            return true;
        } finally {
            if (!opened) {
                close(false);
            }
        }
    }

    /**
     * Closes the node log and lets the locks go; after a clean stop (everything delivered) the
     * lock files are deleted too.
     */
    void close(boolean clean) throws IOException {
        try {
            stateStore.close();
            if (log != null) {
                log.close();
            }
        } finally {
            if (upstreamLock != null) {
                if (clean) {
                    upstreamLock.releaseAndDelete();
                } else {
                    upstreamLock.release();
                }
            }
            if (clean) {
                lock.releaseAndDelete();
            } else {
                lock.release();
            }
        }
    }

    /** Returns true on a clean stop (everything delivered), false when stopped by a signal. */
    private boolean loop() throws IOException {
        long idleSince = -1;
        long idlePause = IDLE_PAUSE_MIN_NANOS;
        while (true) {
            long w = System.nanoTime();
            stalls.pollStarted(w);
            boolean stopping = stopRequested;
            boolean progressed = poll(w, stopping);
            if (stopping) {
                return false;
            }
            if (due(w, lastDirectoryCheck, DIRECTORY_CHECK_NANOS)) {
                lastDirectoryCheck = w;
                if (!Files.isDirectory(spoolDir, LinkOption.NOFOLLOW_LINKS)) {
                    diagnostics.println("nvrx-aggregator: " + spoolDir + " is gone; stopping");
                    return false;
                }
            }
            if (writers.isEmpty() && pool.isEmpty() && upstreamDrained()) {
                if (idleSince < 0) {
                    idleSince = w;
                } else if (w - idleSince >= options.graceMillis * 1_000_000L) {
                    stopCleanly();
                    return true;
                }
            } else {
                idleSince = -1;
            }
            if (progressed) {
                idlePause = IDLE_PAUSE_MIN_NANOS;
                LockSupport.parkNanos(BUSY_PAUSE_NANOS);
            } else {
                LockSupport.parkNanos(idlePause);
                idlePause = Math.min(IDLE_PAUSE_MAX_NANOS, idlePause + 100_000L);
            }
        }
    }

    /** One poll (see the class comment); returns true if anything was read or written. */
    boolean poll(long w, boolean flushAll) throws IOException {
        long changes = shared.directoryChanges();
        if (changes != lastDirChanges || due(w, lastFullListing, FULL_LISTING_NANOS)) {
            lastDirChanges = changes;
            lastFullListing = w;
            listSpoolDir(w);
        }
        if (options.upstreamDir != null && due(w, lastUpstreamListing, UPSTREAM_LISTING_NANOS)) {
            lastUpstreamListing = w;
            listUpstream(w);
        }
        if (due(w, lastClockCheck, CLOCK_CHECK_NANOS)) {
            lastClockCheck = w;
            noteClockStep(w);
        }
        for (WriterState writer : writers.values()) {
            boolean stuckLong = writer.stuckSince >= 0 && w - writer.stuckSince > STUCK_PROBE_NANOS;
            if (!writer.dead && (due(w, writer.lastProbe, PROBE_NANOS) || stuckLong)) {
                writer.probe(w);
            }
        }
        int read = 0;
        long watermark = w;
        boolean full = pool.size() >= poolCapacity;
        int share = Math.max(minRead, (poolCapacity - pool.size()) / Math.max(1, sources.size()));
        SpoolSource lowest = null;
        long lowestBound = Long.MAX_VALUE;
        for (WriterState writer : writers.values()) {
            boolean stuck = false;
            for (SpoolSource source : writer.sources) {
                // The source that held the merge back reads most: its records are the next out.
                // A full pool reads on only there, so it always moves on.
                int budget = source == holdingBack ? Math.max(minRead, poolCapacity / 4) : full ? 0 : share;
                read += source.read(w, pool::add, budget);
                long bound = source.bound();
                if (bound < lowestBound) {
                    lowestBound = bound;
                    lowest = source;
                }
                watermark = Math.min(watermark, bound);
                stuck |= source.stuck();
                if (source.damage != null && !source.damageReported) {
                    source.damageReported = true;
                    pool.add(note(w, "WARNING", "spool file " + source.name + " is damaged (" + source.damage
                            + "); the rest of it is skipped"));
                }
            }
            writer.stuckSince = stuck ? (writer.stuckSince < 0 ? w : writer.stuckSince) : -1;
        }
        holdingBack = lowest;
        stalls.observe(w, lowest != null && lowest.stuck() && lowestBound < w ? lowest : null);
        long offset = shared.offsetNanos();
        for (UpstreamSource file : upstream.values()) {
            read += file.read(w, offset, pool::add);
            watermark = Math.min(watermark, file.bound(w));
        }
        for (WriterState writer : writers.values()) {
            if (writer.phase == WriterState.ACTIVE && writer.finished(pollNumber)) {
                writer.phase = WriterState.ENDING;
                // Right after its last record; a process that died before its first record has
                // none, and then this poll's time is its stamp (never MIN_VALUE: a time in 1734).
                long last = writer.maxKey();
                long key = Math.max(last == Long.MIN_VALUE ? w : last + 1, lastEmittedKey);
                pool.add(new Pending(Pending.WRITER_END, key, Long.MAX_VALUE, writer.pid, 0, 0, writer, null));
            }
        }
        if (flushAll) {
            for (UpstreamSource file : upstream.values()) {
                file.forceComplete(pool::add);
            }
            watermark = Long.MAX_VALUE;
        }
        int emitted = emit(watermark);
        boolean ended = false;
        for (WriterState writer : writers.values()) {
            ended |= writer.phase == WriterState.ENDED;
        }
        boolean releasable = ended || anyMarkable();
        if (unsaved && (releasable || flushAll || due(w, lastSave, SAVE_EVERY_NANOS))) {
            save(w);
            release(w);
        } else if (releasable && !unsaved) {
            // A file sealed after the save that covers all of it (a rank's exit, after its last
            // record went out): nothing to save, yet its writer waits for the mark.
            release(w);
        }
        previousPollStart = w;
        pollNumber++;
        return read > 0 || emitted > 0;
    }

    /**
     * Publishes a new clock offset if the wall clock was stepped, and says so in the node log when
     * the offset moved (whoever moved it): the printed times jump there, while the order of the
     * records stays that of the monotonic clock. Without the line, an operator would see time
     * run backwards and suspect lost or reordered records.
     */
    private void noteClockStep(long w) {
        long published = shared.offsetNanos(); // a writer may have moved it since the last check
        shared.correctClockStep();
        long now = shared.offsetNanos();
        noteIfStepped(w, published - knownClockOffset);
        noteIfStepped(w + 1, now - published);
        knownClockOffset = now;
    }

    private void noteIfStepped(long key, long stepNanos) {
        if (Math.abs(stepNanos) > SharedControl.STEP_NANOS) {
            pool.add(note(key, "WARNING", "the wall clock was stepped by " + (stepNanos > 0 ? "+" : "")
                    + Math.round(stepNanos / 1e6) + " ms; printed times jump by as much here, and the records stay"
                    + " in the order they were logged"));
        }
    }

    /** True if {@code every} nanoseconds have passed since {@code last} (or it never happened). */
    static boolean due(long now, long last, long every) {
        return last == NEVER || now - last > every;
    }

    private boolean anyMarkable() {
        for (SpoolSource source : sources.values()) {
            if (source.markable()) {
                return true;
            }
        }
        return false;
    }

    /** Lists the spool directory: new processes, new files, files that are not ours. */
    private void listSpoolDir(long w) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(spoolDir, SpoolLayout.SPOOL_PREFIX + "*")) {
            for (Path entry : entries) {
                found.add(entry);
            }
        }
        for (Path entry : found) {
            String name = entry.getFileName().toString();
            if (sources.containsKey(name) || ignored.contains(name)) {
                continue;
            }
            if (Leftovers.isTemporary(name)) {
                removeIfOrphaned(w, entry, name);
                continue;
            }
            SpoolLayout.Name parsed = SpoolLayout.parse(name);
            if (parsed == null) {
                skip(w, name, "its name is not that of a spool file");
                continue;
            }
            if (endedWriters.contains(parsed.processId)) {
                // Created just before its process died, after its end was in the node log: a
                // file made before the process bumped the directory counter, so without frames.
                if (!parsed.isLive() && Leftovers.holdsNoFrame(entry)) {
                    Leftovers.delete(entry);
                } else {
                    ignored.add(name);
                }
                continue;
            }
            if (parsed.isLive()) {
                writer(parsed.processId); // a process with no spool file yet: watch it all the same
                continue;
            }
            WriterState writer = writer(parsed.processId);
            if (writer.phase != WriterState.ACTIVE) {
                continue; // a file that appeared after its writer ended: picked up by a later aggregator
            }
            try {
                SpoolSource source = SpoolSource.open(entry, parsed, writer, sourceOrder++, saved.files.get(name),
                        previousPollStart);
                sources.put(name, source);
                writer.sources.add(source);
            } catch (SpoolSource.NotASpoolFile bad) {
                skip(w, name, bad.getMessage());
            } catch (java.nio.file.NoSuchFileException gone) {
                // deleted between the listing and the open
            } catch (IOException failure) {
                skip(w, name, failure.toString());
            }
        }
    }

    /** Removes the temporary file of a process that died while creating a file (see {@link Leftovers}). */
    private void removeIfOrphaned(long w, Path entry, String name) {
        String processId = Leftovers.processOfTemporary(name);
        if (processId == null) {
            skip(w, name, "its name is not that of a spool file");
            return;
        }
        WriterState known = writers.get(processId);
        boolean gone = endedWriters.contains(processId) || (known != null && known.dead)
                || (known == null && Leftovers.orphanedLiveTemporary(entry));
        if (gone) {
            Leftovers.delete(entry);
        }
    }

    private WriterState writer(String processId) {
        WriterState writer = writers.get(processId);
        if (writer == null) {
            writer = WriterState.open(spoolDir, processId, saved.writers.get(processId));
            writers.put(processId, writer);
        }
        return writer;
    }

    private void skip(long w, String name, String why) {
        ignored.add(name);
        pool.add(note(w, "WARNING", "skipped " + spoolDir.resolve(name) + ": " + why));
    }

    /** Lists upstream {@code rank_*} files (ours only), once this aggregator is their elected reader. */
    private void listUpstream(long w) throws IOException {
        if (upstreamLock == null) {
            if (!due(w, lastUpstreamLockTry, UPSTREAM_LOCK_RETRY_NANOS)) {
                return;
            }
            lastUpstreamLockTry = w;
            try {
                upstreamLock = ElectionLock.acquire(options.upstreamLockDir.resolve(SpoolLayout.UPSTREAM_LOCK), 0);
            } catch (IOException e) {
                upstreamLock = null;
            }
            if (upstreamLock == null) {
                return; // another aggregator of this user reads them
            }
        }
        if (!Files.isDirectory(options.upstreamDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(options.upstreamDir, SpoolLayout.UPSTREAM_PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (upstream.containsKey(name) || ignored.contains("upstream:" + name)) {
                    continue;
                }
                java.nio.file.attribute.BasicFileAttributes attributes = SafeFiles.attributes(entry);
                if (attributes == null || !attributes.isRegularFile()) {
                    ignored.add("upstream:" + name);
                    continue; // a link or FIFO: never opened
                }
                if (uid >= 0) {
                    Object owner = Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                    if (owner instanceof Integer && (Integer) owner != uid) {
                        ignored.add("upstream:" + name);
                        continue; // another user's file in a shared tmp dir: not ours to read or delete
                    }
                }
                upstream.put(name, new UpstreamSource(name, entry, sourceOrder++, zone, saved.upstream.get(name), w));
            }
        }
    }

    private boolean upstreamDrained() {
        for (UpstreamSource file : upstream.values()) {
            if (!file.drained()) {
                return false;
            }
        }
        return true;
    }

    private Pending note(long key, String level, String message) {
        return new Pending(Pending.NOTE, key, -1, 0, 0, 0, level, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes every pooled record stamped before the watermark, in order. */
    private int emit(long watermark) throws IOException {
        int count = 0;
        while (!pool.isEmpty() && pool.peek().key < watermark) {
            Pending record = pool.poll();
            write(record);
            lastEmittedKey = Math.max(lastEmittedKey, record.key);
            count++;
        }
        if (out.position() > 0) {
            flush();
        }
        if (count > 0) {
            unsaved = true;
            emittedTotal += count;
        }
        return count;
    }

    private void write(Pending record) throws IOException {
        switch (record.type) {
            case Pending.SPOOL_TEXT: {
                SpoolSource source = (SpoolSource) record.source;
                room((int) record.extent + 1);
                source.copyPayload(record, out);
                endLine();
                source.delivered(record);
                break;
            }
            case Pending.SPOOL_DROPPED: {
                SpoolSource source = (SpoolSource) record.source;
                WriterState writer = source.writer;
                long dropped = record.value - writer.dropsReported;
                if (dropped > 0) {
                    writer.dropsReported = record.value;
                    put(droppedLine(writer, shared.epochMillis(record.key), dropped));
                }
                source.delivered(record);
                break;
            }
            case Pending.UPSTREAM_TEXT:
                put(record.text);
                ((UpstreamSource) record.source).delivered(record);
                break;
            case Pending.NOTE:
                put(notes.line(shared.epochMillis(record.key), (String) record.source,
                        new String(record.text, java.nio.charset.StandardCharsets.UTF_8)));
                break;
            case Pending.WRITER_END:
                writeEnd((WriterState) record.source, shared.epochMillis(record.key));
                break;
            default:
                throw new IllegalStateException("unknown record type " + record.type);
        }
    }

    /** A process's last words, from the aggregator: drops never reported, and an abnormal end. */
    private void writeEnd(WriterState writer, long epochMillis) throws IOException {
        long dropped = writer.droppedTotal() - writer.dropsReported;
        if (dropped > 0) {
            writer.dropsReported += dropped;
            put(droppedLine(writer, epochMillis, dropped));
        }
        if (writer.dead && !writer.closed() && !writer.endReported && writer.control != null) {
            long incomplete = writer.incomplete();
            put(notes.line(epochMillis, "ERROR", writer.nodeId(), writer.ranks(), "process " + writer.pid
                    + " ended without a normal exit (killed or crashed); its records up to its last completed log call are above"
                    + (incomplete > 0 ? "; " + incomplete + " record(s) it was writing when it ended are incomplete and skipped" : "")));
        }
        writer.endReported = true;
        writer.phase = WriterState.ENDED;
    }

    private byte[] droppedLine(WriterState writer, long epochMillis, long dropped) {
        String limits = writer.control == null ? "" : " (NVRX_LOG_MAX_LOG_FILES=" + writer.control.maxLogFiles()
                + " files of NVRX_LOG_MAX_FILE_SIZE_KB=" + writer.control.maxFileSizeKb() + ")";
        return notes.line(epochMillis, "WARNING", writer.nodeId(), writer.ranks(), "dropped " + dropped
                + " records of process " + writer.pid + ": its spool files" + limits
                + " were all waiting for the aggregator");
    }

    /**
     * A record from our writer always ends with a line break; one from a damaged spool file
     * may not, and must never run into the next record's header.
     */
    private void endLine() {
        if (out.position() == 0 || out.get(out.position() - 1) != '\n') {
            out.put((byte) '\n');
        }
    }

    private void put(byte[] bytes) throws IOException {
        room(bytes.length);
        out.put(bytes);
    }

    private void room(int bytes) throws IOException {
        if (log.wouldRotate(out.position(), bytes)) {
            rotateLog();
        }
        if (out.remaining() < bytes) {
            flush();
            if (out.capacity() < bytes) {
                out = ByteBuffer.allocateDirect(bytes);
            }
        }
    }

    /**
     * Starts the next node log file (rotation by size) between two records, with nothing left
     * unsaved: the records taken so far go into the current file and a save covers all of them;
     * only then is the file renamed, and a second save records the new, empty one. Killed at
     * any point in between, the next aggregator neither loses nor repeats a record. (The save
     * used to come after the rename but before the records taken so far were written: a kill
     * right after it lost them, since the saved positions counted them and the saved length of
     * the new file did not.)
     */
    private void rotateLog() throws IOException {
        flush();
        save(System.nanoTime()); // everything in the current file, whatever its name by the next start
        log.rotate();
        save(System.nanoTime()); // the new file's key and length 0, before anything goes into it
    }

    private void flush() throws IOException {
        out.flip();
        long started = System.nanoTime();
        log.append(out);
        stalls.appended(out.limit(), System.nanoTime() - started);
        out.clear();
    }

    /** Saves the node log's length with every read position. */
    private void save(long w) throws IOException {
        DeliveryState state = new DeliveryState();
        state.logPath = log.path().toString();
        state.logKey = log.fileKey();
        state.logLength = log.length();
        for (SpoolSource source : sources.values()) {
            state.files.put(source.name, source.entry());
        }
        for (WriterState writer : writers.values()) {
            state.writers.put(writer.processId, new DeliveryState.WriterEntry(writer.dropsReported, writer.endReported));
        }
        for (UpstreamSource file : upstream.values()) {
            state.upstream.put(file.name, file.entry());
        }
        long started = System.nanoTime();
        stateStore.save(state);
        stalls.saved(System.nanoTime() - started);
        saved = state;
        unsaved = false;
        lastSave = w;
    }

    /**
     * After a save: tell writers which files they may reuse, delete delivered files of big
     * records, and delete the files of processes whose end is in the log.
     */
    private void release(long w) {
        for (Iterator<SpoolSource> it = sources.values().iterator(); it.hasNext(); ) {
            SpoolSource source = it.next();
            if (source.markDelivered() && source.dedicated && source.writer.phase == WriterState.ACTIVE) {
                source.delete();
                ignored.add(source.name);
                source.writer.sources.remove(source);
                it.remove();
            }
        }
        boolean removed = false;
        for (Iterator<WriterState> it = writers.values().iterator(); it.hasNext(); ) {
            WriterState writer = it.next();
            if (writer.phase == WriterState.ENDED) {
                writer.deleteFiles();
                for (SpoolSource source : writer.sources) {
                    sources.remove(source.name);
                }
                endedWriters.add(writer.processId);
                it.remove();
                removed = true;
            }
        }
        for (Iterator<UpstreamSource> it = upstream.values().iterator(); it.hasNext(); ) {
            UpstreamSource file = it.next();
            if (file.gone() && file.drained()) {
                it.remove();
                removed = true;
            } else if (file.drained() && newerFileOf(file)) {
                file.delete();
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            unsaved = true; // forget them in the next save
        }
    }

    private boolean newerFileOf(UpstreamSource file) {
        for (UpstreamSource other : upstream.values()) {
            if (other != file && other.prefix().equals(file.prefix()) && other.name.compareTo(file.name) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Everything is delivered and nobody writes: remove what this aggregator kept, and stop. */
    private void stopCleanly() throws IOException {
        for (UpstreamSource file : upstream.values()) {
            file.forceComplete(pool::add);
        }
        emit(Long.MAX_VALUE);
        save(System.nanoTime());
        for (UpstreamSource file : upstream.values()) {
            if (file.drained()) {
                file.delete();
            }
        }
        stateStore.deleteAll();
        Files.deleteIfExists(shared.path());
        diagnostics.println("nvrx-aggregator: stopping; " + emittedTotal + " records delivered to " + log.path());
    }
}
