package io.nvrx.it;

import io.nvrx.it.apps.SpoolApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NodeLocalJob.Record;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk under the node log (a 1 MB tmpfs filled up; needs root to mount, skipped
 * otherwise): the app runs on and exits with its own code, the aggregator fails with a clear
 * warning, the records wait in the spool and, once it is full, are counted as dropped; when
 * space returns an aggregator delivers every waiting record and the count. Nothing is lost
 * silently: delivered + counted = logged.
 */
class FullDiskTest {

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void aFullNodeLogDiskCountsRecordsAsDroppedAndDeliveryResumesWhenSpaceReturns(@TempDir Path tmp) throws Exception {
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", logs.toString()) == 0,
                "mounting a small tmpfs is not permitted here (needs root): the full-disk test is skipped");
        try {
            Path filler = logs.resolve("filler");
            run("dd", "if=/dev/zero", "of=" + filler, "bs=64k", "count=100");
            ChildJvm.Result result = ChildJvm.app(SpoolApp.class).jvmArg("-Xmx64m").env("RANK", "0").env("LOCAL_RANK", "0")
                    .env("NVRX_NODE_LOCAL_TMPDIR", spool.toString()).env("NVRX_LOG_DIR", logs.toString())
                    .env("NVRX_NODE_ID", NodeLocalJob.NODE).env("NVRX_AGGREGATOR_GRACE_MS", "300")
                    .env("NVRX_EXIT_WAIT_MS", "0")
                    // --hold-ms: the rank lives on after its last record, so that its spawner (a check
                    // about once a second) sees the third failed aggregator and warns, even when
                    // the machine is busy with other tests and each aggregator JVM starts slowly.
                    .args("3000", "--announce", "--pause-us", "1000", "--hold-ms", "5000", "--exit", "3").run();

            assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
            assertThat(result.stdoutLines()).contains("LOGGED 2999", "DONE 3000");
            assertThat(result.stderrLines()).as(result.toString())
                    .anyMatch(l -> l.startsWith("nvrx-agent:") && l.contains("records stay in " + spool));
            Path nodeLog = logs.resolve("nvrx_log_" + NodeLocalJob.NODE + ".log");
            assertThat(NodeLocalJob.records(nodeLog)).as("nothing fits on the full disk").isEmpty();

            // Space returns; an aggregator (the next rank's, or run by hand) delivers what waited.
            Files.delete(filler);
            ChildJvm.Result aggregate = NodeLocalJob.run(new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-jar", ChildJvm.agentJar().toString(), "aggregate", spool.toString(),
                    "--node-log", nodeLog.toString(), "--node", NodeLocalJob.NODE, "--grace-ms", "0"), 60);
            assertThat(aggregate.exitCode).as(aggregate.toString()).isZero();
            List<Record> records = NodeLocalJob.records(nodeLog);
            List<Integer> delivered = NodeLocalJob.sequence(records, 0);
            long dropped = NodeLocalJob.droppedFor(records, 0);
            assertThat(delivered).isNotEmpty().doesNotHaveDuplicates().isSorted();
            assertThat(dropped).isPositive();
            assertThat(delivered.size() + dropped).as("delivered + counted as dropped").isEqualTo(3000);
            System.out.println("FULLDISK logged=3000 delivered=" + delivered.size() + " dropped(counted)=" + dropped);
        } finally {
            run("umount", "-l", logs.toString());
        }
    }
}
