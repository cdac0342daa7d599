package io.nvrx.agent.cli.triage;

import io.nvrx.agent.cli.read.LogReader;
import io.nvrx.agent.cli.read.LogRecord;
import io.nvrx.agent.cli.read.RecordFilter;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The questions asked after a hang or a crash, answered from node logs in one pass over each
 * file (no merge needed): who failed first, which ranks went silent first, and per rank its
 * record count, first and last record time and first ERROR/CRITICAL. A rank is its workload
 * rank; records without one are grouped by infra rank, else by node.
 */
public final class Triage {
    /** Above this many expected ranks, the missing ones are counted, not listed. */
    private static final int MAX_RANKS_LISTED = 100_000;
    private final java.util.SortedMap<Integer, RankSummary> byRank = new java.util.TreeMap<>();
    private final java.util.SortedMap<Integer, RankSummary> byInfraRank = new java.util.TreeMap<>();
    private final Map<String, RankSummary> byNode = new HashMap<>();
    private final Set<String> nodes = new LinkedHashSet<>();
    private long records;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    public void read(LogReader reader, RecordFilter filter) throws IOException {
        LogRecord r = new LogRecord();
        while (reader.next(r)) {
            if (!r.hasFields() || r.kind() == LogRecord.Kind.CONTINUED || !filter.matches(r)) {
                continue;
            }
            records++;
            first = Math.min(first, r.epochMillis());
            last = Math.max(last, r.epochMillis());
            summaryFor(r).add(r);
        }
    }

    private RankSummary summaryFor(LogRecord r) {
        if (r.rank() >= 0) {
            return slot(byRank, r.rank(), "rank ", 0);
        }
        if (r.infraRank() >= 0) {
            return slot(byInfraRank, r.infraRank(), "infra ", 1 << 30);
        }
        String node = r.node();
        return byNode.computeIfAbsent(node, n -> new RankSummary("node " + n + " (rank ?)", Integer.MAX_VALUE));
    }

    private static RankSummary slot(java.util.SortedMap<Integer, RankSummary> ranks, int rank, String prefix, int sortBase) {
        // A map, not a list indexed by rank: one record of rank 999999999 must not allocate a billion slots.
        return ranks.computeIfAbsent(rank, r -> new RankSummary(prefix + r, sortBase + r));
    }

    private List<RankSummary> all() {
        List<RankSummary> all = new ArrayList<>();
        all.addAll(byRank.values());
        all.addAll(byInfraRank.values());
        all.addAll(byNode.values());
        all.sort(Comparator.comparingInt((RankSummary s) -> s.sortRank).thenComparing(s -> s.label));
        return all;
    }

    /** Writes the report; {@code worldSize} (0 if unknown) lists workload ranks that never logged. */
    public void report(PrintStream out, int files, ZoneId zone, int top, int worldSize) {
        List<RankSummary> all = all();
        for (RankSummary s : all) {
            nodes.add(s.node);
        }
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(zone);
        if (records == 0) {
            out.println("nvrx triage: " + files + " file(s), no record (after filters)");
            return;
        }
        out.println("nvrx triage: " + files + " file(s), " + records + " records from " + all.size() + " rank(s) on "
                + nodes.size() + " node(s), " + time.format(Instant.ofEpochMilli(first)) + " to "
                + time.format(Instant.ofEpochMilli(last)) + " (times in "
                + (zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.toString()) + ")");
        out.println();

        RankSummary firstFailure = null;
        for (RankSummary s : all) {
            if (s.firstError != null && (firstFailure == null || s.firstErrorTime < firstFailure.firstErrorTime)) {
                firstFailure = s;
            }
        }
        if (firstFailure == null) {
            out.println("First error: none (no ERROR or CRITICAL record)");
        } else {
            out.println("First error: " + firstFailure.label + " on " + firstFailure.node + " at "
                    + time.format(Instant.ofEpochMilli(firstFailure.firstErrorTime)) + " ("
                    + Durations.of(firstFailure.firstErrorTime - first) + " after the first record)");
            out.println("  " + firstFailure.firstError);
            if (firstFailure.firstErrorDetail != null) {
                out.println("  " + firstFailure.firstErrorDetail);
            }
            int failing = 0;
            for (RankSummary s : all) {
                if (s.errors > 0) failing++;
            }
            out.println("  " + failing + " of " + all.size() + " rank(s) logged an ERROR or CRITICAL record");
        }
        out.println();

        List<RankSummary> silent = new ArrayList<>(all);
        silent.sort(Comparator.comparingLong((RankSummary s) -> s.lastTime).thenComparingInt(s -> s.sortRank));
        out.println("Went silent first (each rank's last record, earliest first):");
        for (RankSummary s : silent.subList(0, Math.min(top, silent.size()))) {
            long gap = last - s.lastTime;
            out.printf("  %-10s %-12s %s  %s%n", s.label, s.node, time.format(Instant.ofEpochMilli(s.lastTime)),
                    gap == 0 ? "(logged until the end)" : Durations.of(gap) + " before the last record");
            out.println("             " + s.lastLine());
        }
        out.println();

        out.println("Per rank:");
        out.printf("  %-10s %-12s %9s  %-23s  %-23s  %6s  %s%n", "RANK", "NODE", "RECORDS", "FIRST RECORD", "LAST RECORD",
                "ERRORS", "FIRST ERROR/CRITICAL");
        for (RankSummary s : all) {
            out.printf("  %-10s %-12s %9d  %-23s  %-23s  %6d  %s%n", s.label, s.node, s.records,
                    time.format(Instant.ofEpochMilli(s.firstTime)), time.format(Instant.ofEpochMilli(s.lastTime)),
                    s.errors, s.firstError == null ? "-" : time.format(Instant.ofEpochMilli(s.firstErrorTime)).substring(11)
                            + " " + s.firstError);
        }
        int highest = byRank.isEmpty() ? -1 : byRank.lastKey();
        int expected = Math.max(worldSize, highest + 1);
        List<String> missing = new ArrayList<>();
        if (expected <= MAX_RANKS_LISTED) {
            for (int i = 0; i < expected; i++) {
                if (!byRank.containsKey(i)) {
                    missing.add(Integer.toString(i));
                }
            }
        } else if (expected > byRank.size()) {
            out.println();
            out.println("Ranks without any record: " + (expected - byRank.size()) + " of 0.." + (expected - 1)
                    + " (too many to list)");
        }
        if (!missing.isEmpty()) {
            out.println();
            out.println("Ranks without any record (of 0.." + (expected - 1)
                    + (worldSize > 0 ? ", --world-size " + worldSize : ", the highest rank seen") + "): "
                    + Durations.ranges(missing));
        }
    }
}
