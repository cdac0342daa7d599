package io.nvrx.bench.node;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The throughput run of {@link NodeThroughput} without the agent: N rank JVMs, the same loop,
 * warm-up and common start instant, each logging through Log4j 2 all-async into its own file
 * (no node log, no merge). What this machine gives the fastest async logger at the same load,
 * so that the agent's node throughput can be read against it: on 2 cores, N JVMs logging flat
 * out measure the scheduler and the caches as much as the logger.
 * <p>Throughput: timed records over the time from the earliest timed call (System.nanoTime in
 * the message) to the moment the last rank's Log4j 2 had shut down (queue drained, file flushed).
 * <p>Usage: {@code AsyncBaseline <out.md> <total> <N>...}
 */
public final class AsyncBaseline {
    private AsyncBaseline() {}

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        long total = Long.parseLong(args[1]);
        StringBuilder table = new StringBuilder();
        table.append("| ranks | timed records | records/s, first timed call to the last rank's file flushed | lost | slowest log call, ms |\n");
        table.append("|---|---|---|---|---|\n");
        for (int i = 2; i < args.length; i++) {
            int ranks = Integer.parseInt(args[i]);
            String row = run(ranks, (int) (total / ranks));
            table.append(row);
            System.out.print(row);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table.toString());
    }

    private static String run(int ranks, int perRank) throws Exception {
        Path dir = Files.createTempDirectory("nvrx-baseline-bench");
        long startAt = System.currentTimeMillis() + 2_500 + NodeThroughput.PER_RANK_START_MILLIS * ranks;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = new File(AsyncBaseline.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<Process> processes = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            Path rankDir = Files.createDirectories(dir.resolve("rank" + r));
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m",
                    "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector",
                    "-Dlog4j2.configurationFile=bench/log4j2-async-raf.xml",
                    "-cp", cp, Log4j2RankApp.class.getName(), String.valueOf(perRank), "0", "0",
                    String.valueOf(NodeThroughput.WARMUP_RECORDS), String.valueOf(startAt))
                    .redirectOutput(rankDir.resolve("stdout").toFile())
                    .redirectError(rankDir.resolve("stderr").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("NVRX") || k.equals("JAVA_TOOL_OPTIONS"));
            env.put("BENCH_OUT_DIR", rankDir.toString());
            processes.add(builder.start());
        }
        for (Process p : processes) {
            p.waitFor();
        }
        long found = 0;
        long firstTimedCall = Long.MAX_VALUE;
        long lastDone = Long.MIN_VALUE;
        for (int r = 0; r < ranks; r++) {
            Path rankDir = dir.resolve("rank" + r);
            for (String line : Files.readAllLines(rankDir.resolve("stdout"))) {
                if (line.startsWith("DONE ")) {
                    lastDone = Math.max(lastDone, Long.parseLong(line.substring(5).trim()));
                }
            }
            try (Stream<String> lines = Files.lines(rankDir.resolve("log4j2-async.log"), StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    int msg = line.indexOf(" r ");
                    int t = line.indexOf(" t=", Math.max(0, msg));
                    if (msg > 0 && t > 0) {
                        found++;
                        firstTimedCall = Math.min(firstTimedCall, Long.parseLong(line.substring(t + 3, line.indexOf(' ', t + 3))));
                    }
                }
            }
        }
        long slowest = NodeThroughput.slowestCall(dir, ranks, r -> "rank" + r + "/stdout");
        NodeThroughput.deleteTree(dir);
        double rate = found / (Math.max(1, lastDone - firstTimedCall) / 1e9);
        return String.format(Locale.ROOT, "| %d | %,d | %,.0f | %d | %s |%n", ranks, found, rate, (long) ranks * perRank - found,
                NodeThroughput.millis(slowest));
    }
}
