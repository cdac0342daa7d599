package io.nvrx.bench.node;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Whole-process runs: N rank JVMs with the agent in node-local mode on one node, into one node
 * log. Three kinds of run:
 * <ul>
 * <li><b>throughput</b>: each rank first logs a warm-up share (the JIT compiles the path, as in
 *     a job that has run for a while), waits for a start instant common to all ranks, then logs
 *     {@code total / N} timed records as fast as it can. Node throughput = timed records / (the
 *     earliest timed call .. the last record seen in the node log).</li>
 * <li><b>drain</b>: the aggregator's capacity alone. The ranks log {@code total / N} records
 *     each with no aggregator running (NVRX_AGGREGATOR=off: the records wait in their spool
 *     files) and exit; then this harness starts the aggregator, as a rank would, over the
 *     directory and times it to the last line, with the aggregator's CPU time.</li>
 * <li><b>delay</b>: each rank logs a warm-up share as fast as it can, waits for the common start
 *     instant (the aggregator has drained the warm-up by then), then logs at a paced rate; the
 *     tail parses each timed line as it appears and takes its own System.nanoTime minus the
 *     nanoTime in the message: end-to-end delay from the log call to the line in the node log.</li>
 * </ul>
 * All count records lost (expected minus found, and "dropped N records" lines), time-order
 * inversions of printed times, per-rank order inversions, and the aggregator's CPU time (utime +
 * stime from /proc/&lt;pid&gt;/stat, read just before it exits).
 * <p>Usage: {@code NodeThroughput <agent.jar> <out.md> throughput|drain <total> <N>... | delay <rate per rank> <seconds> <N>...}
 */
public final class NodeThroughput {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    /** Spool file size of the ranks (BENCH_SPOOL_FILE_KB, default 64 MB): large, so nothing is dropped. */
    private static final String SPOOL_FILE_KB = System.getenv().getOrDefault("BENCH_SPOOL_FILE_KB", "65536");
    /** Time allowed per rank (BENCH_START_PER_RANK_MS) to start, warm up and be drained before the timed records. */
    static final long PER_RANK_START_MILLIS = Long.parseLong(System.getenv().getOrDefault("BENCH_START_PER_RANK_MS", "2500"));
    /** BENCH_KEEP_DIRS set: each run's directory (spool, node log, aggregator log) is kept and named on stderr. */
    private static final boolean KEEP_DIRS = System.getenv("BENCH_KEEP_DIRS") != null;
    /** Warm-up records per rank in throughput runs: well past the JIT's compile thresholds. */
    static final int WARMUP_RECORDS = 100_000;
    /** Warm-up records per rank in delay runs, logged as fast as they can go before the paced ones. */
    private static final int DELAY_WARMUP_RECORDS = 50_000;

    private NodeThroughput() {}

    public static void main(String[] args) throws Exception {
        String agentJar = Paths.get(args[0]).toAbsolutePath().toString();
        Path out = Paths.get(args[1]);
        String kind = args[2];
        StringBuilder table = new StringBuilder();
        if (kind.equals("throughput")) {
            long total = Long.parseLong(args[3]);
            table.append("| ranks | timed records | line bytes (avg) | records/s, first timed call to last line | lost | dropped lines | time inversions | rank order inversions | aggregator CPU / wall | slowest log call, ms |\n");
            table.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (int i = 4; i < args.length; i++) {
                int ranks = Integer.parseInt(args[i]);
                Run run = new Run(agentJar, ranks, (int) (total / ranks), 0, 0);
                run.warmup = WARMUP_RECORDS;
                table.append(run.go().throughputRow());
                System.out.print(table.substring(table.lastIndexOf("\n", table.length() - 2) + 1));
            }
        } else if (kind.equals("drain")) {
            long total = Long.parseLong(args[3]);
            table.append("| ranks | records waiting | aggregator: records/s, first to last line | lost | time inversions | rank order inversions | aggregator CPU s | aggregator CPU / wall |\n");
            table.append("|---|---|---|---|---|---|---|---|\n");
            for (int i = 4; i < args.length; i++) {
                int ranks = Integer.parseInt(args[i]);
                Run run = new Run(agentJar, ranks, (int) (total / ranks), 0, 0);
                run.drain = true;
                table.append(run.go().drainRow());
                System.out.print(table.substring(table.lastIndexOf("\n", table.length() - 2) + 1));
            }
        } else {
            int rate = Integer.parseInt(args[3]);
            int seconds = Integer.parseInt(args[4]);
            table.append("| ranks | records/s per rank | records | delay p50 ms | delay p99 ms | delay max ms | lost | time inversions | rank order inversions | aggregator CPU / wall | harness: longest gap between its polls, ms | harness GC ms |\n");
            table.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (int i = 5; i < args.length; i++) {
                int ranks = Integer.parseInt(args[i]);
                Run run = new Run(agentJar, ranks, rate * seconds, rate, 0);
                run.warmup = DELAY_WARMUP_RECORDS;
                table.append(run.go().delayRow());
                System.out.print(table.substring(table.lastIndexOf("\n", table.length() - 2) + 1));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table.toString());
    }

    /** One run of N ranks. */
    private static final class Run {
        final String agentJar;
        final int ranks;
        final int perRank;
        final int rate;
        final long delayMillis;
        final Path dir;
        final Path nodeLog;
        /** Throughput runs: warm-up records per rank, logged before the common start instant. */
        int warmup;
        /** Drain runs: the ranks spool with no aggregator; this harness starts one afterwards. */
        boolean drain;
        long started;
        long warmFound;
        long firstTimedCall = Long.MAX_VALUE;
        long firstLine;
        long lastLine;
        long aggregatorStarted;
        long aggregatorTicks = -1;
        long aggregatorWallNanos;
        long found;
        long droppedLines;
        long droppedCount;
        long timeInversions;
        long rankInversions;
        long bytes;
        long[] delays = new long[0];
        /** The longest single timed log call of any rank (each prints {@code SLOWEST <ns>}); -1 if none said. */
        long slowestCallNanos = -1;
        /** Delay runs: the harness's own longest gap between two looks at the node log, and its GC time. */
        long harnessMaxGapNanos;
        long harnessGcMillis;

        Run(String agentJar, int ranks, int perRank, int rate, long delayMillis) throws IOException {
            this.agentJar = agentJar;
            this.ranks = ranks;
            this.perRank = perRank;
            this.rate = rate;
            this.delayMillis = delayMillis;
            this.dir = Files.createTempDirectory("nvrx-node-bench");
            this.nodeLog = dir.resolve("nvrx_log_benchnode.log");
        }

        Run go() throws Exception {
            long expected = (long) ranks * (perRank + warmup);
            // The timed records start together, once every rank has started and warmed up.
            long startAt = warmup == 0 ? 0 : System.currentTimeMillis() + 2_500 + PER_RANK_START_MILLIS * ranks;
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String cp = new File(NodeThroughput.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
            started = System.nanoTime();
            List<Process> processes = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                ProcessBuilder builder = new ProcessBuilder(java, "-javaagent:" + agentJar, "-Xmx256m",
                        "-cp", cp, RankApp.class.getName(), String.valueOf(perRank), String.valueOf(rate),
                        String.valueOf(delayMillis), String.valueOf(warmup), String.valueOf(startAt))
                        .redirectOutput(dir.resolve("rank" + r + ".out").toFile())
                        .redirectError(dir.resolve("rank" + r + ".err").toFile());
                Map<String, String> env = builder.environment();
                env.keySet().removeIf(k -> k.startsWith("SLURM") || k.startsWith("OMPI") || k.startsWith("PMI")
                        || k.startsWith("NVRX") || k.equals("JAVA_TOOL_OPTIONS"));
                env.put("RANK", String.valueOf(r));
                env.put("LOCAL_RANK", String.valueOf(r));
                env.put("NVRX_NODE_ID", "benchnode");
                env.put("NVRX_NODE_LOCAL_TMPDIR", dir.toString());
                env.put("NVRX_LOG_MAX_FILE_SIZE_KB", SPOOL_FILE_KB);
                env.put("NVRX_LOG_MAX_LOG_FILES", "0");
                env.put("NVRX_AGGREGATOR_GRACE_MS", "1000");
                env.put("NVRX_EXIT_WAIT_MS", drain ? "0" : "60000");
                if (KEEP_DIRS && System.getenv("NVRX_AGENT_DEBUG") != null) {
                    env.put("NVRX_AGENT_DEBUG", System.getenv("NVRX_AGENT_DEBUG")); // the aggregator's log stays in the kept dir
                }
                if (drain) {
                    env.put("NVRX_AGGREGATOR", "off");
                }
                processes.add(builder.start());
            }
            if (drain) {
                for (Process p : processes) {
                    p.waitFor();
                }
                started = System.nanoTime();
                processes.add(startAggregator(agentJar, java));
            }
            Tail tail = new Tail(nodeLog, rate > 0);
            long gcBefore = gcMillis();
            long deadline = System.nanoTime() + 300_000_000_000L;
            ProcessHandle aggregator = null;
            while (tail.lines < expected && System.nanoTime() < deadline) {
                if (aggregator == null) {
                    aggregator = findAggregator(dir).orElse(null);
                    if (aggregator != null) {
                        aggregatorStarted = System.nanoTime();
                    }
                }
                boolean progressed = tail.poll();
                if (tail.lines > 0 && firstLine == 0) {
                    firstLine = tail.firstSeen;
                }
                if (!progressed) {
                    if (processes.stream().noneMatch(Process::isAlive) && (aggregator == null || !aggregator.isAlive())) {
                        tail.poll();
                        break;
                    }
                    LockSupport.parkNanos(rate > 0 ? 100_000 : 1_000_000);
                }
            }
            lastLine = tail.lastSeen;
            harnessMaxGapNanos = tail.maxGapWhileTimed;
            harnessGcMillis = gcMillis() - gcBefore;
            if (aggregator != null) {
                aggregatorTicks = cpuTicks(aggregator.pid());
                aggregatorWallNanos = System.nanoTime() - aggregatorStarted;
            }
            for (Process p : processes) {
                p.waitFor();
            }
            if (aggregator != null) {
                aggregator.onExit().get();
            }
            delays = Arrays.copyOf(tail.delays, tail.delayCount);
            check(expected);
            slowestCallNanos = slowestCall(dir, ranks, r -> "rank" + r + ".out");
            if (KEEP_DIRS) {
                System.err.println("kept " + dir);
            } else {
                deleteTree(dir);
            }
            return this;
        }

        /** The whole node log, line by line: records found, drop notices, order. */
        private void check(long expected) throws IOException {
            String previousTime = "";
            long[] lastSeq = new long[ranks];
            Arrays.fill(lastSeq, -1);
            bytes = Files.size(nodeLog);
            try (Stream<String> lines = Files.lines(nodeLog, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.length() < 24) {
                        continue;
                    }
                    String time = line.substring(0, 23);
                    if (time.compareTo(previousTime) < 0) {
                        timeInversions++;
                    }
                    previousTime = time;
                    int msg = line.indexOf(" r ");
                    int rankAt = line.indexOf("workload:");
                    if (line.indexOf(" w ") > 0 && line.contains("RankApp.java")) {
                        warmFound++;
                    } else if (msg > 0 && rankAt > 0 && line.contains("RankApp.java")) {
                        found++;
                        int t = line.indexOf(" t=", msg);
                        if (t > 0) {
                            firstTimedCall = Math.min(firstTimedCall, Long.parseLong(line.substring(t + 3, line.indexOf(' ', t + 3))));
                        }
                        int rank = Integer.parseInt(line.substring(rankAt + 9, line.indexOf('(', rankAt)));
                        long seq = Long.parseLong(line.substring(msg + 3, line.indexOf(' ', msg + 3)));
                        if (seq < lastSeq[rank]) {
                            rankInversions++;
                        }
                        lastSeq[rank] = seq;
                    } else if (line.contains("dropped")) {
                        droppedLines++;
                        System.err.println("drop notice: " + line);
                    }
                }
            }
        }

        String throughputRow() {
            double steady = found / (Math.max(1, lastLine - firstTimedCall) / 1e9);
            double cpu = aggregatorTicks / (double) TICKS_PER_SECOND;
            long lost = (long) ranks * (perRank + warmup) - found - warmFound;
            return String.format(Locale.ROOT, "| %d | %,d | %.0f | %,.0f | %d | %d | %d | %d | %.0f%% | %s |%n",
                    ranks, found, bytes / (double) Math.max(1, found + warmFound), steady,
                    lost, droppedLines, timeInversions, rankInversions,
                    100 * cpu / (aggregatorWallNanos / 1e9), millis(slowestCallNanos));
        }

        /** The aggregator with the JVM flags a rank gives it (see AggregatorSpawner), over what the ranks left. */
        private Process startAggregator(String agentJar, String java) throws IOException {
            return new ProcessBuilder(java, "-Xmx128m", "-Xss512k", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                    "-cp", agentJar, "io.nvrx.agent.aggregate.AggregatorMain", dir.toString(),
                    "--node", "benchnode", "--grace-ms", "1000")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("aggregator.err").toFile())
                    .start();
        }

        String drainRow() {
            double rate = found / (Math.max(1, lastLine - firstLine) / 1e9);
            double cpu = aggregatorTicks / (double) TICKS_PER_SECOND;
            return String.format(Locale.ROOT, "| %d | %,d | %,.0f | %d | %d | %d | %.2f | %.0f%% |%n",
                    ranks, (long) ranks * perRank, rate, (long) ranks * perRank - found, timeInversions, rankInversions,
                    cpu, 100 * cpu / (aggregatorWallNanos / 1e9));
        }

        String delayRow() {
            Arrays.sort(delays);
            double cpu = aggregatorTicks / (double) TICKS_PER_SECOND;
            return String.format(Locale.ROOT, "| %d | %,d | %,d | %.2f | %.2f | %.2f | %d | %d | %d | %.0f%% | %.1f | %d |%n",
                    ranks, rate, found, pct(delays, 0.5) / 1e6, pct(delays, 0.99) / 1e6,
                    delays.length == 0 ? 0 : delays[delays.length - 1] / 1e6,
                    (long) ranks * perRank - found, timeInversions, rankInversions,
                    100 * cpu / (aggregatorWallNanos / 1e9), harnessMaxGapNanos / 1e6, harnessGcMillis);
        }
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Follows the node log as it grows: counts line ends; in delay mode also parses each line's t=. */
    private static final class Tail {
        final Path file;
        final boolean parse;
        RandomAccessFile in;
        final byte[] buffer = new byte[1 << 20];
        /** The line being read (its first 4 KB: a bench line is about 110 bytes); parsed in place, no String per line. */
        final byte[] line = new byte[4096];
        int lineLength;
        long lines;
        long firstSeen;
        long lastSeen;
        long[] delays = new long[1 << 16];
        int delayCount;

        Tail(Path file, boolean parse) {
            this.file = file;
            this.parse = parse;
        }

        /** The longest time between two polls once the first timed line was seen (the harness's own stalls). */
        long maxGapWhileTimed;
        private long lastPoll;

        boolean poll() throws IOException {
            long start = System.nanoTime();
            if (lastPoll != 0 && delayCount > 0) {
                maxGapWhileTimed = Math.max(maxGapWhileTimed, start - lastPoll);
            }
            lastPoll = start;
            if (in == null) {
                if (!Files.exists(file)) {
                    return false;
                }
                in = new RandomAccessFile(file.toFile(), "r");
            }
            boolean any = false;
            int n;
            while ((n = in.read(buffer)) > 0) {
                long now = System.nanoTime();
                any = true;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (parse) {
                        if (b == '\n') {
                            delay(now);
                            lineLength = 0;
                        } else {
                            if (lineLength < line.length) {
                                line[lineLength++] = b;
                            }
                        }
                    }
                    if (b == '\n') {
                        lines++;
                        if (firstSeen == 0) {
                            firstSeen = now;
                        }
                        lastSeen = now;
                    }
                }
            }
            return any;
        }

        private void delay(long now) {
            int r = indexOf(" r ", 0);
            if (r < 0) {
                return; // a warm-up record: not timed
            }
            int t = indexOf(" t=", r);
            if (t < 0) {
                return;
            }
            long stamp = 0;
            for (int i = t + 3; i < lineLength && line[i] >= '0' && line[i] <= '9'; i++) {
                stamp = stamp * 10 + (line[i] - '0');
            }
            if (delayCount == delays.length) {
                delays = Arrays.copyOf(delays, delays.length * 2);
            }
            delays[delayCount++] = now - stamp;
        }

        private int indexOf(String ascii, int from) {
            outer:
            for (int i = from; i + ascii.length() <= lineLength; i++) {
                for (int k = 0; k < ascii.length(); k++) {
                    if (line[i + k] != ascii.charAt(k)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** This JVM's garbage collection time so far (all collectors), in ms. */
    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static Optional<ProcessHandle> findAggregator(Path dir) {
        String needle = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("AggregatorMain") && c.contains(needle)).orElse(false))
                .findFirst();
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/pid/stat). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The largest {@code SLOWEST <ns>} line in the ranks' stdout files; -1 if none. */
    static long slowestCall(Path dir, int ranks, java.util.function.IntFunction<String> stdoutName) throws IOException {
        long slowest = -1;
        for (int r = 0; r < ranks; r++) {
            Path out = dir.resolve(stdoutName.apply(r));
            if (!Files.exists(out)) {
                continue;
            }
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("SLOWEST ")) {
                    slowest = Math.max(slowest, Long.parseLong(line.substring(8).trim()));
                }
            }
        }
        return slowest;
    }

    static String millis(long nanos) {
        return nanos < 0 ? "?" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
