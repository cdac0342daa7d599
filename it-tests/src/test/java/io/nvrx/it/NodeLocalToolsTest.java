package io.nvrx.it;

import io.nvrx.it.apps.SpoolApp;
import io.nvrx.it.support.AgentJarTool;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NodeLocalJob.Rank;
import io.nvrx.it.support.NodeLocalJob.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools on what node-local mode really produces: {@code doctor} against a live job (its
 * aggregator, its backlog) and {@code merge}/{@code triage} on the node logs of two simulated
 * nodes (two jobs side by side, each with its own tmp dir and NVRX_NODE_ID).
 */
@Execution(ExecutionMode.SAME_THREAD)
class NodeLocalToolsTest {

    /** The aggregators these tests start outlive their ranks: let them stop before the temp dir goes. */
    @org.junit.jupiter.api.AfterEach
    void settleAggregators() throws Exception {
        io.nvrx.it.support.NodeLocalJob.settleAll();
    }

    private static ChildJvm.Result doctor(Map<String, String> env) throws Exception {
        return AgentJarTool.run(env, 60, List.of("doctor"));
    }

    @Test
    void doctorSeesTheBacklogWithoutAnAggregatorThenTheLiveAggregatorAndDisturbsNothing(@TempDir Path tmp)
            throws Exception {
        NodeLocalJob job = new NodeLocalJob(tmp);
        Path release = tmp.resolve("release-ranks");
        Path spoolDir = tmp.resolve("job-doc");
        Map<String, String> env = Map.of("NVRX_NODE_LOCAL_TMPDIR", tmp.toString(), "NVRX_JOB_ID", "doc",
                "NVRX_NODE_ID", NodeLocalJob.NODE, "NVRX_AGGREGATOR", "off");
        Process aggregator = null;
        List<Rank> ranks = new ArrayList<>();
        try {
            // Two ranks spool 200 records each with no aggregator, then stay alive until released.
            for (int r = 0; r < 2; r++) {
                ranks.add(job.start(job.rank(SpoolApp.class, r, r).env("NVRX_JOB_ID", "doc")
                        .env("NVRX_AGGREGATOR", "off").env("NVRX_LOG_MAX_FILE_SIZE_KB", "1024")
                        .args("200", "--announce", "--hold-until", release.toString())));
            }
            for (Rank rank : ranks) {
                NodeLocalJob.await(() -> {
                    try {
                        return rank.lastAnnounced() == 199;
                    } catch (Exception e) {
                        return false;
                    }
                }, 60, "a rank to log 200 records");
            }
            ChildJvm.Result waiting = doctor(env);
            assertThat(waiting.exitCode).as(waiting.toString()).isZero(); // off by choice: a warning, not a failure
            assertThat(waiting.stdout).contains("spool dir: " + spoolDir + "\n")
                    .contains("job-doc/: this job's subdirectory (from NVRX_JOB_ID)")
                    .contains("[warn] aggregator: not running (no nvrx-aggregator.lock) while records wait;"
                            + " NVRX_AGGREGATOR=off: run java -jar nvrx-agent.jar aggregate " + spoolDir)
                    .containsPattern("spool backlog: 2 spool file\\(s\\) not yet delivered \\([1-9]\\d* bytes of records\\)"
                            + " of 2 in all, 2 process\\(es\\) spooling")
                    .contains("node log: " + spoolDir.resolve("nvrx_log_testnode.log") + " does not exist yet");

            // An aggregator started by hand, as the README says to with NVRX_AGGREGATOR=off.
            ProcessBuilder builder = new ProcessBuilder(AgentJarTool.java(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-jar",
                    ChildJvm.agentJar().toString(), "aggregate", spoolDir.toString(), "--node", NodeLocalJob.NODE,
                    "--grace-ms", "300");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.redirectErrorStream(true).redirectOutput(tmp.resolve("aggregator.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            aggregator = builder.start();
            long pid = job.aggregatorPid("job-doc", 60);
            assertThat(pid).isEqualTo(aggregator.pid());
            ChildJvm.Result alive = doctor(env);
            assertThat(alive.stdout).as(alive.toString())
                    .contains("[ok]   aggregator: alive, pid " + pid + " (holds " + spoolDir.resolve("nvrx-aggregator.lock") + ")")
                    .containsPattern("spool backlog: \\d+ spool file\\(s\\) not yet delivered \\(\\d+ bytes of records\\)"
                            + " of 2 in all, 2 process\\(es\\) spooling")
                    .contains("[ok]   node log: " + spoolDir.resolve("nvrx_log_testnode.log") + " (");
            assertThat(alive.exitCode).as(alive.toString()).isZero();

            Files.createFile(release);
            job.awaitAll(60);
            assertThat(aggregator.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the aggregator stops").isTrue();
            assertThat(aggregator.exitValue()).as(Files.readString(tmp.resolve("aggregator.out"))).isZero();
        } finally {
            job.killAll();
            if (aggregator != null) {
                aggregator.destroyForcibly();
            }
        }
        // The doctor's probes took nothing away: every record once, in order.
        List<Record> records = NodeLocalJob.records(job.nodeLog("job-doc"));
        NodeLocalTest.assertSequence(NodeLocalJob.sequence(records, 0), 0, 200);
        NodeLocalTest.assertSequence(NodeLocalJob.sequence(records, 1), 0, 200);
        assertThat(NodeLocalJob.files(spoolDir)).containsExactly("nvrx_log_testnode.log");

        ChildJvm.Result after = doctor(env);
        assertThat(after.stdout).contains("aggregator: not running (no nvrx-aggregator.lock); nothing waits for one")
                .contains("[ok]   spool backlog: none");
        assertThat(after.exitCode).as(after.toString()).isZero();
    }

    private static void awaitAnnounced(Rank rank, int seq) throws InterruptedException {
        NodeLocalJob.await(() -> {
            try {
                return rank.lastAnnounced() >= seq;
            } catch (Exception e) {
                return false;
            }
        }, 60, "a rank to log record " + seq);
    }

    @Test
    void mergeAndTriageReadTheNodeLogsOfTwoNodes(@TempDir Path tmp) throws Exception {
        Path dir1 = Files.createDirectory(tmp.resolve("node1"));
        Path dir2 = Files.createDirectory(tmp.resolve("node2"));
        NodeLocalJob node1 = new NodeLocalJob(dir1);
        NodeLocalJob node2 = new NodeLocalJob(dir2);
        try {
            // Ranks 0 and 1 on n1, 2 and 3 on n2, 300 records each. Rank 1 fails first (seq 10);
            // rank 3 fails near its end, once rank 1's error is logged. Rank 0 waits after its
            // 150th record until n2's ranks log, so the two node logs overlap in time.
            Path n2Logging = tmp.resolve("n2-logging");
            node1.start(node1.rank(SpoolApp.class, 0, 0).env("NVRX_NODE_ID", "n1")
                    .args("300", "--pause-us", "1000", "--wait-at", "149", n2Logging.toString()));
            Rank first = node1.start(node1.rank(SpoolApp.class, 1, 1).env("NVRX_NODE_ID", "n1")
                    .args("300", "--pause-us", "1000", "--error-at", "10", "--announce"));
            awaitAnnounced(first, 10);
            Rank n2 = node2.start(node2.rank(SpoolApp.class, 2, 0).env("NVRX_NODE_ID", "n2")
                    .args("300", "--pause-us", "1000", "--announce"));
            node2.start(node2.rank(SpoolApp.class, 3, 1).env("NVRX_NODE_ID", "n2")
                    .args("300", "--pause-us", "1000", "--error-at", "290"));
            awaitAnnounced(n2, 20);
            Files.createFile(n2Logging);
            node1.awaitAll(120);
            node2.awaitAll(120);
        } finally {
            node1.killAll();
            node2.killAll();
        }
        Path log1 = dir1.resolve("nvrx_log_n1.log");
        Path log2 = dir2.resolve("nvrx_log_n2.log");
        assertThat(NodeLocalJob.records(log1)).hasSize(601);
        assertThat(NodeLocalJob.records(log2)).hasSize(601);

        Path merged = tmp.resolve("merged.log");
        ChildJvm.Result merge = AgentJarTool.run(Map.of(), 60, List.of("merge", "-o", merged.toString(),
                log1.toString(), log2.toString()));
        assertThat(merge.exitCode).as(merge.toString()).isZero();
        List<Record> records = NodeLocalJob.records(merged);
        assertThat(records).hasSize(1202);
        assertThat(NodeLocalJob.inversions(records)).isEmpty();
        for (int r = 0; r < 4; r++) {
            NodeLocalTest.assertSequence(NodeLocalJob.sequence(records, r), 0, 300);
            String node = r < 2 ? "n1" : "n2";
            int rank = r;
            assertThat(records.stream().filter(rec -> rec.header.rank.equals(Integer.toString(rank))))
                    .allSatisfy(rec -> assertThat(rec.header.node).isEqualTo(node));
        }
        List<Record> errors = records.stream().filter(r -> r.header.level.equals("ERROR")).collect(Collectors.toList());
        assertThat(errors).extracting(r -> r.header.message)
                .containsExactly("rank 1 failed at seq 10", "rank 3 failed at seq 290");
        assertThat(errors.get(0).continuation.get(0)).isEqualTo("java.lang.IllegalStateException: checkpoint shard missing");
        // Both nodes' records interleave in the merged timeline (rank 0 waited for n2).
        List<String> nodes = records.stream().map(r -> r.header.node).collect(Collectors.toList());
        assertThat(nodes.subList(0, nodes.lastIndexOf("n1"))).contains("n2");

        ChildJvm.Result triage = AgentJarTool.run(Map.of(), 60, List.of("triage", "--world-size", "4",
                log1.toString(), log2.toString()));
        assertThat(triage.exitCode).as(triage.toString()).isZero();
        assertThat(triage.stdout).as(triage.stdout)
                .contains("2 file(s), 1202 records from 4 rank(s) on 2 node(s)")
                .containsPattern("First error: rank 1 on n1 at \\S+ \\S+ \\(")
                .contains("  [ERROR] SpoolApp.java:")
                .contains(" rank 1 failed at seq 10\n  java.lang.IllegalStateException: checkpoint shard missing\n"
                        + "  2 of 4 rank(s) logged an ERROR or CRITICAL record");
    }
}
