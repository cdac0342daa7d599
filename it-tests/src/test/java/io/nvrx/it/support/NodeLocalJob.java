package io.nvrx.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A job in node-local mode on this machine: ranks are real child JVMs with the built agent,
 * started side by side with NVRX_NODE_LOCAL_TMPDIR set; their node log is read back as records.
 */
public final class NodeLocalJob {
    public static final String NODE = "testnode";

    private final Path tmpDir;
    private final List<Rank> ranks = new ArrayList<>();

    public NodeLocalJob(Path tmpDir) {
        this.tmpDir = tmpDir;
        CREATED.get().add(this);
    }

    /**
     * Jobs this thread made since its last {@link #settleAll}. Per thread: tests run in parallel,
     * and a test and its {@code @AfterEach} run on one thread.
     */
    private static final ThreadLocal<List<NodeLocalJob>> CREATED = ThreadLocal.withInitial(ArrayList::new);

    /**
     * For an {@code @AfterEach}: lets every aggregator of the jobs this thread made since the last call stop
     * by itself (its grace period), or kills it after 30 s. An aggregator is a detached process
     * that outlives the ranks; if it still removes its files while JUnit deletes the temporary
     * directory, the deletion fails ("directory not empty") and fails a test that passed.
     */
    public static void settleAll() throws Exception {
        List<NodeLocalJob> jobs = new ArrayList<>(CREATED.get());
        CREATED.get().clear();
        for (NodeLocalJob job : jobs) {
            job.killAll();
            List<Path> locks;
            try (Stream<Path> walk = Files.walk(job.tmpDir, 3)) {
                locks = walk.filter(p -> p.getFileName().toString().equals("nvrx-aggregator.lock")).collect(Collectors.toList());
            } catch (IOException gone) {
                continue;
            }
            for (Path lock : locks) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (Files.exists(lock) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                if (Files.exists(lock)) {
                    long pid = aggregatorPidIn(lock);
                    if (pid > 0) {
                        killAggregator(pid, lock.getParent()).ifPresent(p -> p.onExit().join());
                    }
                }
            }
        }
    }

    /**
     * Kills the aggregator of {@code spoolDir} with this pid (as a lock file names it), if the pid
     * is still that aggregator; returns it if so. A lock file outlives an aggregator killed with
     * -9, and Linux hands its pid out again, to a process or to a thread of one. ProcessHandle.of
     * accepts a thread's id, and killing it kills the whole JVM the thread belongs to: killing by
     * a stale pid can take down a process of another test running beside this one.
     */
    public static java.util.Optional<ProcessHandle> killAggregator(long pid, Path spoolDir) {
        java.util.Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(p -> isAggregatorOf(p, spoolDir));
        handle.ifPresent(ProcessHandle::destroyForcibly);
        return handle;
    }

    private static boolean isAggregatorOf(ProcessHandle process, Path spoolDir) {
        try {
            // A process, not a thread of one: its thread group is itself.
            String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
            if (!status.contains("\nTgid:\t" + process.pid() + "\n")) {
                return false;
            }
        } catch (IOException | RuntimeException gone) {
            return false;
        }
        String command = process.info().commandLine().orElse("");
        return command.contains(spoolDir.toString())
                && (command.contains("io.nvrx.agent.aggregate.AggregatorMain") || command.contains(" aggregate "));
    }

    private static long aggregatorPidIn(Path lock) {
        try {
            String text = Files.readString(lock).trim();
            return text.startsWith("aggregator ") ? Long.parseLong(text.split(" ")[1]) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * A rank of the job: the app with RANK/LOCAL_RANK set, node-local mode on, a short aggregator
     * grace period and a generous exit wait (the machine running the tests may be busy).
     */
    public ChildJvm rank(Class<?> app, int rank, int localRank) {
        return ChildJvm.app(app).jvmArg("-Xmx96m")
                .env("RANK", Integer.toString(rank)).env("LOCAL_RANK", Integer.toString(localRank))
                .env("NVRX_NODE_LOCAL_TMPDIR", tmpDir.toString()).env("NVRX_NODE_ID", NODE)
                .env("NVRX_AGGREGATOR_GRACE_MS", "300").env("NVRX_EXIT_WAIT_MS", "30000");
    }

    /** Starts a rank in the background; its output goes to files. */
    public Rank start(ChildJvm jvm) throws IOException {
        Path out = Files.createTempFile("nvrx-rank-out", ".txt");
        Path err = Files.createTempFile("nvrx-rank-err", ".txt");
        ProcessBuilder builder = jvm.processBuilder();
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Rank rank = new Rank(builder.start(), out, err);
        ranks.add(rank);
        return rank;
    }

    /** Waits for every started rank; fails with their stderr if one does not finish. */
    public void awaitAll(long timeoutSeconds) throws Exception {
        for (Rank rank : ranks) {
            rank.await(timeoutSeconds);
        }
    }

    /** Kills whatever is still running (test clean-up). */
    public void killAll() {
        for (Rank rank : ranks) {
            rank.process.destroyForcibly();
        }
    }

    public Path spoolDir(String job) {
        return job == null ? tmpDir : tmpDir.resolve(job);
    }

    public Path nodeLog(String job) {
        return spoolDir(job).resolve("nvrx_log_" + NODE + ".log");
    }

    /** Waits until the aggregator of the spool directory has stopped (its lock file is gone). */
    public void awaitAggregatorStopped(String job, long timeoutSeconds) throws Exception {
        Path lock = spoolDir(job).resolve("nvrx-aggregator.lock");
        await(() -> !Files.exists(lock), timeoutSeconds, "the aggregator of " + spoolDir(job) + " to stop");
    }

    /** The pid in the aggregator's lock file, once an aggregator holds it. */
    public long aggregatorPid(String job, long timeoutSeconds) throws Exception {
        Path lock = spoolDir(job).resolve("nvrx-aggregator.lock");
        long[] pid = {-1};
        await(() -> {
            try {
                String text = Files.readString(lock).trim();
                if (text.startsWith("aggregator ")) {
                    pid[0] = Long.parseLong(text.split(" ")[1]);
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // not there yet
            }
            return false;
        }, timeoutSeconds, "an aggregator to hold " + lock);
        return pid[0];
    }

    public static void await(BooleanSupplier condition, long timeoutSeconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutSeconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Runs a process built outside ChildJvm (a rank under another user, say) and captures its output. */
    public static ChildJvm.Result run(ProcessBuilder builder, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("nvrx-it-out", ".txt");
        Path err = Files.createTempFile("nvrx-it-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish in " + timeoutSeconds + " s: " + builder.command());
            }
            return new ChildJvm.Result(process.exitValue(), Files.readString(out), Files.readString(err), builder.command());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The files left in a directory, by name. */
    public static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** One record of a node log: its header line and the lines that continue it. */
    public static final class Record {
        public final NvrxLine header;
        public final String text;
        public final List<String> continuation;

        Record(NvrxLine header, String text, List<String> continuation) {
            this.header = header;
            this.text = text;
            this.continuation = continuation;
        }

        @Override
        public String toString() {
            return text + (continuation.isEmpty() ? "" : " (+" + continuation.size() + " lines)");
        }
    }

    /** Reads a node log: every line is a record header or continues the record before it. */
    public static List<Record> records(Path nodeLog) throws IOException {
        List<Record> records = new ArrayList<>();
        if (!Files.exists(nodeLog)) {
            return records;
        }
        String all = Files.readString(nodeLog, StandardCharsets.UTF_8);
        if (!all.isEmpty() && !all.endsWith("\n")) {
            throw new AssertionError("the node log does not end with a whole line");
        }
        NvrxLine header = null;
        String text = null;
        List<String> continuation = new ArrayList<>();
        for (String line : all.split("\n", -1)) {
            if (line.isEmpty() && text == null) {
                continue;
            }
            NvrxLine parsed = NvrxLine.parse(line);
            if (parsed != null || text == null) {
                if (text != null) {
                    records.add(new Record(header, text, continuation));
                }
                if (parsed == null && !line.isEmpty()) {
                    throw new AssertionError("the node log starts with a line that is not a record: " + line);
                }
                header = parsed;
                text = line;
                continuation = new ArrayList<>();
            } else if (!line.isEmpty()) {
                continuation.add(line);
            }
        }
        if (text != null && header != null) {
            records.add(new Record(header, text, continuation));
        }
        return records;
    }

    private static final Pattern SEQ = Pattern.compile("rank (\\d+) seq (\\d+)");

    /** The sequence numbers of one rank's records ({@code rank R seq I}), in node log order. */
    public static List<Integer> sequence(List<Record> records, int rank) {
        List<Integer> seqs = new ArrayList<>();
        for (Record record : records) {
            Matcher m = SEQ.matcher(record.header.message);
            if (m.find() && Integer.parseInt(m.group(1)) == rank) {
                seqs.add(Integer.parseInt(m.group(2)));
            }
        }
        return seqs;
    }

    /** Pairs of neighbouring records whose printed times go backwards. */
    public static List<String> inversions(List<Record> records) {
        List<String> found = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            String before = records.get(i - 1).header.time;
            String after = records.get(i).header.time;
            if (after.compareTo(before) < 0) {
                found.add(records.get(i - 1) + "  >  " + records.get(i));
            }
        }
        return found;
    }

    private static final Pattern DROPPED = Pattern.compile("nvrx-agent:0 dropped (\\d+) records");

    /** The records reported as dropped for one rank (from the aggregator's "dropped N records" lines). */
    public static long droppedFor(List<Record> records, int rank) {
        long total = 0;
        for (Record record : records) {
            Matcher m = DROPPED.matcher(record.text);
            if (m.find() && record.header.rank.equals(Integer.toString(rank))) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    /** A running rank. */
    public static final class Rank {
        public final Process process;
        private final Path out;
        private final Path err;

        Rank(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        public List<String> stdoutLines() throws IOException {
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        }

        /** How many bytes it has printed on stdout so far. */
        public long stdoutBytes() throws IOException {
            return Files.size(out);
        }

        /** The stdout lines written in full (a killed process may have died in the middle of one). */
        public List<String> wholeStdoutLines() throws IOException {
            String text = Files.readString(out, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? new ArrayList<>() : new ArrayList<>(List.of(text.substring(0, end).split("\n")));
        }

        public String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** The highest {@code LOGGED i} printed (a whole line), or -1. */
        public int lastAnnounced() throws IOException {
            String text = Files.readString(out, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            int last = -1;
            for (String line : text.substring(0, Math.max(0, end)).split("\n")) {
                if (line.startsWith("LOGGED ")) {
                    last = Math.max(last, Integer.parseInt(line.substring(7)));
                }
            }
            return last;
        }

        public int await(long timeoutSeconds) throws Exception {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("rank did not finish in " + timeoutSeconds + " s; stderr:\n" + stderr());
            }
            return process.exitValue();
        }

        public void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor();
        }
    }
}
