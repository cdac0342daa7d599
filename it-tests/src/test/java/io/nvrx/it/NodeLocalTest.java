package io.nvrx.it;

import io.nvrx.it.apps.SpoolApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NodeLocalJob.Rank;
import io.nvrx.it.support.NodeLocalJob.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node-local mode with real processes: ranks are child JVMs with the built agent, the
 * aggregator is the JVM they start, the node log is read back from disk. The methods of this
 * class run one after the other: each starts several JVMs on a small machine.
 */
@Execution(ExecutionMode.SAME_THREAD)
class NodeLocalTest {

    /** The aggregators these tests start outlive their ranks: let them stop before the temp dir goes. */
    @org.junit.jupiter.api.AfterEach
    void settleAggregators() throws Exception {
        io.nvrx.it.support.NodeLocalJob.settleAll();
    }

    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    /** Asserts that {@code seqs} is exactly from, from+1, ..., to-1, naming the first difference. */
    static void assertSequence(List<Integer> seqs, int from, int to) {
        for (int i = 0; i < Math.min(seqs.size(), to - from); i++) {
            if (seqs.get(i) != from + i) {
                throw new AssertionError("expected seq " + (from + i) + " at index " + i + " but found " + seqs.get(i)
                        + "; around it: " + seqs.subList(Math.max(0, i - 3), Math.min(seqs.size(), i + 4)));
            }
        }
        if (seqs.size() != to - from) {
            throw new AssertionError("expected " + (to - from) + " records (seq " + from + " to " + (to - 1)
                    + ") but found " + seqs.size() + (seqs.isEmpty() ? "" : ", the last " + seqs.get(seqs.size() - 1)));
        }
    }

    /** A short description of a node log for failure messages: size, first and last records, agent notes. */
    static String summary(List<Record> records) {
        List<String> notes = records.stream().filter(r -> r.text.contains("nvrx-agent:0")).map(r -> r.text)
                .limit(20).collect(Collectors.toList());
        return records.size() + " records" + (records.isEmpty() ? "" : ", first: " + records.get(0)
                + ", last: " + records.get(records.size() - 1)) + ", agent notes: " + notes;
    }

    @Test
    void fourRanksOfTenThousandRecordsGiveExactlyFortyThousandInTimeOrder(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        try {
            for (int r = 0; r < 4; r++) {
                job.start(job.rank(SpoolApp.class, r, r).env("NVRX_LOG_MAX_FILE_SIZE_KB", "1024").args("10000"));
            }
            job.awaitAll(120);
        } finally {
            job.killAll();
        }
        // Each rank waited at exit until its records were in the node log: read it right away.
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        assertThat(records.size()).as(summary(records)).isEqualTo(40_000);
        for (int r = 0; r < 4; r++) {
            assertSequence(NodeLocalJob.sequence(records, r), 0, 10_000);
        }
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
        assertThat(records).allSatisfy(rec -> {
            assertThat(rec.header.node).isEqualTo(NodeLocalJob.NODE);
            assertThat(rec.header.file).isEqualTo("SpoolApp.java");
            assertThat(rec.header.ranks()).isEqualTo("workload:" + rec.header.rank + "(" + rec.header.rank + ") infra:?(?)");
        });
        // The aggregator stops a grace period after the last rank and leaves only the node log.
        job.awaitAggregatorStopped(null, 30);
        assertThat(NodeLocalJob.files(tmp)).containsExactly("nvrx_log_" + NodeLocalJob.NODE + ".log");
    }

    @Test
    void atTheDefaultLimitsEveryRecordIsDeliveredOrCountedAsDropped(@TempDir Path tmp) throws Exception {
        // Defaults: 10 KB spool files, at most 4 undelivered per process. Two ranks log as fast as
        // they can, with a few records larger than a whole file among them.
        NodeLocalJob job = new NodeLocalJob(tmp);
        try {
            job.start(job.rank(SpoolApp.class, 0, 0).args("20000", "--big-every", "4000"));
            job.start(job.rank(SpoolApp.class, 1, 1).args("20000", "--threads", "2"));
            job.awaitAll(120);
        } finally {
            job.killAll();
        }
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        List<Integer> rank0 = NodeLocalJob.sequence(records, 0);
        assertThat(rank0).isSorted().doesNotHaveDuplicates();
        assertThat(rank0.size() + NodeLocalJob.droppedFor(records, 0)).isEqualTo(20_000);
        long rank1 = records.stream().filter(r -> r.header.message.startsWith("rank 1 thread")).count();
        assertThat(rank1 + NodeLocalJob.droppedFor(records, 1)).isEqualTo(20_000);
        for (int t = 0; t < 2; t++) {
            String prefix = "rank 1 thread " + t + " seq ";
            List<Integer> seqs = records.stream().filter(r -> r.header.message.startsWith(prefix))
                    .map(r -> Integer.parseInt(r.header.message.substring(prefix.length()))).collect(Collectors.toList());
            assertThat(seqs).as("thread " + t).isSorted().doesNotHaveDuplicates();
        }
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
        // A delivered big record is whole: one line of 12,000 x's after its header.
        records.stream().filter(r -> r.header.message.contains(" xxx")).forEach(r ->
                assertThat(r.header.message).endsWith("x".repeat(12_000)));
    }

    @Test
    void withoutAnAggregatorTheWriterStopsAtTheLimitAndTheCountReachesTheNodeLog(@TempDir Path tmp) throws Exception {
        // No aggregator while the rank logs: its 4 files of 10 KB fill up and the rest is dropped
        // and counted (never a file deleted unread). It waits after record 1999, an aggregator is
        // started by hand and delivers the full files, then the rank logs more: the first file
        // freed carries the "dropped N records" notice. (Each step waits for the one before, not
        // for a fixed time: on a loaded machine a JVM can take seconds to start.)
        NodeLocalJob job = new NodeLocalJob(tmp);
        Path resume = Files.createTempDirectory("nvrx-resume").resolve("resume");
        Rank rank;
        try {
            rank = job.start(job.rank(SpoolApp.class, 0, 0).env("NVRX_AGGREGATOR", "off")
                    .args("3000", "--announce", "--wait-at", "1999", resume.toString()));
            NodeLocalJob.await(() -> {
                try {
                    return rank.lastAnnounced() >= 1999;
                } catch (Exception e) {
                    return false;
                }
            }, 60, "records 0 to 1999 logged");
            // 4 files hold records; at most one more, empty, may wait as the spare (made while
            // fewer than 4 were in use, as a rotation made the fourth itself).
            List<String> spoolFiles = NodeLocalJob.files(tmp).stream().filter(f -> f.endsWith(".bin")).collect(Collectors.toList());
            assertThat(spoolFiles.stream().filter(f -> framesIn(tmp.resolve(f)) > 0).count()).as(spoolFiles.toString()).isEqualTo(4);
            assertThat(spoolFiles).hasSizeBetween(4, 5);
            Rank aggregator = job.start(ChildJvm.app("io.nvrx.agent.aggregate.AggregatorMain").withoutAgent()
                    .classPath(ChildJvm.agentJar().toString())
                    .args(tmp.toString(), "--node", NodeLocalJob.NODE, "--grace-ms", "300"));
            job.aggregatorPid(null, 60);
            awaitStable(job.nodeLog(null));
            Files.createFile(resume);
            assertThat(rank.await(60)).isZero();
            assertThat(aggregator.await(60)).as(aggregator.stderr()).isZero();
        } finally {
            job.killAll();
            Files.deleteIfExists(resume);
            Files.deleteIfExists(resume.getParent());
        }
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        List<Integer> seqs = NodeLocalJob.sequence(records, 0);
        long dropped = NodeLocalJob.droppedFor(records, 0);
        assertThat(dropped).isPositive();
        assertThat(seqs.size() + dropped).isEqualTo(3000);
        assertThat(seqs).isSorted().doesNotHaveDuplicates().contains(2000);
        // The notice comes between the records before the pause and those after it.
        int notice = indexOf(records, "nvrx-agent:0 dropped ");
        assertThat(NodeLocalJob.sequence(records.subList(0, notice), 0)).allMatch(i -> i < 2000);
        assertThat(NodeLocalJob.sequence(records.subList(notice, records.size()), 0)).allMatch(i -> i >= 2000);
        assertThat(records.get(notice).header.level).isEqualTo("WARNING");
        assertThat(records.get(notice).header.ranks()).isEqualTo("workload:0(0) infra:?(?)");
    }

    /** Waits until a node log has records and has not grown for 0.6 s: the aggregator has caught up. */
    static void awaitStable(Path nodeLog) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        int stable = 0;
        while (stable < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node log " + nodeLog + " did not settle in 60 s");
            }
            Thread.sleep(200);
            long size = Files.exists(nodeLog) ? Files.size(nodeLog) : 0;
            stable = size > 0 && size == last ? stable + 1 : 0;
            last = size;
        }
    }

    static int indexOf(List<Record> records, String text) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).text.contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no record with '" + text + "' in " + records.size() + " records");
    }

    @Test
    void killMinus9OfARankLosesNoRecordWhoseCallReturned(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        Rank victim;
        int lastReturned;
        try {
            job.start(job.rank(SpoolApp.class, 0, 0).args("300", "--pause-us", "5000"));
            victim = job.start(job.rank(SpoolApp.class, 1, 1).env("NVRX_LOG_MAX_FILE_SIZE_KB", "256")
                    .env("NVRX_LOG_MAX_LOG_FILES", "0").args("10000000", "--announce"));
            NodeLocalJob.await(() -> {
                try {
                    return victim.lastAnnounced() >= 3000;
                } catch (Exception e) {
                    return false;
                }
            }, 60, "rank 1 to log 3000 records");
            victim.kill9();
            lastReturned = victim.lastAnnounced();
            job.awaitAll(60);
        } finally {
            job.killAll();
        }
        job.awaitAggregatorStopped(null, 30);
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        List<Integer> seqs = NodeLocalJob.sequence(records, 1);
        // Every record whose log call returned is there, in order, once (a few more may be: their
        // calls returned but the kill came before they were announced).
        assertSequence(seqs.subList(0, lastReturned + 1), 0, lastReturned + 1);
        assertSequence(seqs, 0, seqs.size());
        assertSequence(NodeLocalJob.sequence(records, 0), 0, 300);
        long pid = victim.process.pid();
        List<Record> ended = records.stream()
                .filter(r -> r.text.contains("nvrx-agent:0 process " + pid + " ended without a normal exit"))
                .collect(Collectors.toList());
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).header.level).isEqualTo("ERROR");
        assertThat(ended.get(0).header.ranks()).isEqualTo("workload:1(1) infra:?(?)");
        assertThat(records.indexOf(ended.get(0))).isGreaterThan(records.indexOf(lastOf(records, 1)));
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
        assertThat(NodeLocalJob.files(tmp)).containsExactly("nvrx_log_" + NodeLocalJob.NODE + ".log");
    }

    static Record lastOf(List<Record> records, int rank) {
        Record last = null;
        for (Record record : records) {
            if (record.header.message.startsWith("rank " + rank + " seq ")) {
                last = record;
            }
        }
        return last;
    }

    @Test
    void killMinus9OfTheAggregatorThenItsSuccessorGivesNoDuplicateAndNoLoss(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        long firstAggregator;
        long secondAggregator;
        List<Rank> ranks = new ArrayList<>();
        try {
            for (int r = 0; r < 3; r++) {
                ranks.add(job.start(job.rank(SpoolApp.class, r, r).env("NVRX_LOG_MAX_FILE_SIZE_KB", "256")
                        .env("NVRX_LOG_MAX_LOG_FILES", "0").args("15000", "--pause-us", "100")));
            }
            firstAggregator = job.aggregatorPid(null, 30);
            NodeLocalJob.await(() -> {
                try {
                    return Files.size(job.nodeLog(null)) > 200_000;
                } catch (Exception e) {
                    return false;
                }
            }, 60, "the node log to grow");
            assertThat(NodeLocalJob.killAggregator(firstAggregator, job.spoolDir(null))).as("the aggregator to kill").isPresent();
            NodeLocalJob.await(() -> !ProcessHandle.of(firstAggregator).map(ProcessHandle::isAlive).orElse(false),
                    10, "the aggregator to die");
            // A rank notices (within about a second) and starts a new one, which resumes.
            NodeLocalJob.await(() -> {
                try {
                    return job.aggregatorPid(null, 1) != firstAggregator;
                } catch (Throwable e) {
                    return false;
                }
            }, 30, "a second aggregator");
            secondAggregator = job.aggregatorPid(null, 1);
            for (Rank rank : ranks) {
                assertThat(rank.await(120)).as("a rank's exit code; stderr:\n%s", rank.stderr()).isZero();
            }
        } finally {
            job.killAll();
        }
        assertThat(secondAggregator).isNotEqualTo(firstAggregator);
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        for (int r = 0; r < 3; r++) {
            try {
                assertSequence(NodeLocalJob.sequence(records, r), 0, 15_000);
            } catch (AssertionError wrong) {
                throw new AssertionError("rank " + r + ": " + wrong.getMessage() + "; node log: " + summary(records), wrong);
            }
        }
        assertThat(records.size()).as(summary(records)).isEqualTo(45_000);
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
    }

    @Test
    void whenLocalRankZeroIsKilledFirstTheOthersKeepLogging(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        Rank rank0;
        int lastReturned;
        try {
            // Unbounded spool files: this test is about the others going on, not about the limit
            // (on a loaded machine the 10 KB x 4 default drops records, counted, as it should).
            rank0 = job.start(job.rank(SpoolApp.class, 0, 0).env("NVRX_LOG_MAX_FILE_SIZE_KB", "256")
                    .env("NVRX_LOG_MAX_LOG_FILES", "0").args("1000000", "--announce", "--pause-us", "500"));
            job.aggregatorPid(null, 30);
            for (int r = 1; r <= 2; r++) {
                job.start(job.rank(SpoolApp.class, r, r).env("NVRX_LOG_MAX_FILE_SIZE_KB", "256")
                        .env("NVRX_LOG_MAX_LOG_FILES", "0").args("4000", "--pause-us", "300"));
            }
            NodeLocalJob.await(() -> {
                try {
                    return rank0.lastAnnounced() >= 200;
                } catch (Exception e) {
                    return false;
                }
            }, 30, "rank 0 to log");
            rank0.kill9();
            lastReturned = rank0.lastAnnounced();
            job.awaitAll(120);
        } finally {
            job.killAll();
        }
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        assertSequence(NodeLocalJob.sequence(records, 1), 0, 4000);
        assertSequence(NodeLocalJob.sequence(records, 2), 0, 4000);
        List<Integer> rank0Seqs = NodeLocalJob.sequence(records, 0);
        assertSequence(rank0Seqs.subList(0, lastReturned + 1), 0, lastReturned + 1);
        assertThat(records).filteredOn(r -> r.text.contains("process " + rank0.process.pid() + " ended without a normal exit"))
                .hasSize(1);
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
    }

    @Test
    void aRankThatStartsAfterTheAggregatorStoppedStartsANewOne(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        try {
            job.start(job.rank(SpoolApp.class, 0, 0).args("100"));
            job.awaitAll(60);
            job.awaitAggregatorStopped(null, 30);
            // Local rank 1 only: no local rank 0 will ever start the aggregator.
            job.start(job.rank(SpoolApp.class, 1, 1).args("100"));
            job.awaitAll(60);
        } finally {
            job.killAll();
        }
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        assertThat(records.size()).as(summary(records)).isEqualTo(200);
        assertSequence(NodeLocalJob.sequence(records.subList(0, 100), 0), 0, 100);
        assertSequence(NodeLocalJob.sequence(records.subList(100, 200), 1), 0, 100);
        job.awaitAggregatorStopped(null, 30);
        assertThat(NodeLocalJob.files(tmp)).containsExactly("nvrx_log_" + NodeLocalJob.NODE + ".log");
    }

    /**
     * A Ctrl-C on the job (SIGINT to the terminal's foreground process group) or a launcher
     * killing a rank's group must not stop the aggregator mid-write; a session of its own would
     * put it in a scheduling group of its own (autogroup), which starved it for up to a second
     * on a busy node. So: its own process group, the rank's session.
     */
    @Test
    void theAggregatorRunsInAProcessGroupOfItsOwnInTheJobsSession(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        long[] aggregator;
        long[] rank;
        try {
            Rank rank0 = job.start(job.rank(SpoolApp.class, 0, 0).args("1000000", "--pause-us", "500"));
            long pid = job.aggregatorPid(null, 30);
            aggregator = processGroupAndSession(pid);
            rank = processGroupAndSession(rank0.process.pid());
        } finally {
            job.killAll();
        }
        assertThat(aggregator[0]).as("the aggregator leads a process group of its own").isEqualTo(aggregator[2]);
        assertThat(aggregator[0]).isNotEqualTo(rank[0]);
        assertThat(aggregator[1]).as("in the session of the rank that started it").isEqualTo(rank[1]);
    }

    /** Bytes of frames a spool file holds: its cursor (header offset 24, native order) past the 64-byte header. */
    private static long framesIn(Path spoolFile) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(spoolFile)) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.nativeOrder());
            channel.read(header, 0);
            return header.getLong(24) - 64;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {process group, session, pid} of a process, from /proc/<pid>/stat. */
    private static long[] processGroupAndSession(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // state ppid pgrp session ...
        return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3]), pid};
    }

    @Test
    void twoJobsOnOneNodeNeverMix(@TempDir Path tmp) throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        try {
            for (String slurmJob : new String[] {"100", "200"}) {
                for (int r = 0; r < 2; r++) {
                    job.start(job.rank(SpoolApp.class, r, r).env("SLURM_JOB_ID", slurmJob).env("SLURM_STEP_ID", "0")
                            .env("NVRX_LOG_MAX_FILE_SIZE_KB", "256")
                            .args("500", "--tag", "job " + slurmJob + " "));
                }
            }
            job.awaitAll(120);
        } finally {
            job.killAll();
        }
        for (String slurmJob : new String[] {"100", "200"}) {
            List<Record> records = NodeLocalJob.records(job.nodeLog("slurm-" + slurmJob + ".0"));
            assertThat(records.size()).as(summary(records)).isEqualTo(1000);
            assertThat(records.stream().filter(r -> !r.header.message.startsWith("job " + slurmJob + " ")).count()).isZero();
            assertSequence(NodeLocalJob.sequence(records, 0), 0, 500);
            assertSequence(NodeLocalJob.sequence(records, 1), 0, 500);
        }
        assertThat(Files.exists(job.nodeLog(null))).isFalse();
    }

    @Test
    void runsOnJava25(@TempDir Path tmp) throws Exception {
        String java25 = ChildJvm.java25Home();
        org.junit.jupiter.api.Assumptions.assumeTrue(java25 != null, "no Java 25 installed");
        NodeLocalJob job = new NodeLocalJob(tmp);
        try {
            for (int r = 0; r < 2; r++) {
                // Files of 8 KB, no limit: the 12 KB records get dedicated files, nothing is dropped.
                job.start(job.rank(SpoolApp.class, r, r).javaHome(java25).env("NVRX_LOG_MAX_FILE_SIZE_KB", "8")
                        .env("NVRX_LOG_MAX_LOG_FILES", "0").args("500", "--big-every", "250"));
            }
            job.awaitAll(60);
        } finally {
            job.killAll();
        }
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        assertSequence(NodeLocalJob.sequence(records, 0), 0, 500);
        assertSequence(NodeLocalJob.sequence(records, 1), 0, 500);
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
        job.awaitAggregatorStopped(null, 30);
        assertThat(NodeLocalJob.files(tmp)).containsExactly("nvrx_log_" + NodeLocalJob.NODE + ".log");
    }
}
