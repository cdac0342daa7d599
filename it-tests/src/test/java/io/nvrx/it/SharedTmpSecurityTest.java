package io.nvrx.it;

import io.nvrx.it.apps.SpoolApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node-local mode in a shared tmp dir that someone else prepared: links planted at the names
 * the agent and the aggregator write, a private per-user directory that is not private, an
 * upstream file that leads out of the directory. Nothing is ever written through a link, and
 * the app is never harmed; its records reach the node log or, at worst, the console.
 * (The tmp dir itself being a link, world-writable or another user's is in NodeLocalInputsTest.)
 */
@Execution(ExecutionMode.SAME_THREAD)
class SharedTmpSecurityTest {

    /** The aggregators these tests start outlive their ranks: let them stop before the temp dir goes. */
    @org.junit.jupiter.api.AfterEach
    void settleAggregators() throws Exception {
        io.nvrx.it.support.NodeLocalJob.settleAll();
    }
    private static final String PRECIOUS = "precious content of a file the user owns\n";

    private static ChildJvm rank(Path tmpDir) {
        return ChildJvm.app(SpoolApp.class).jvmArg("-Xmx64m").env("RANK", "0").env("LOCAL_RANK", "0")
                .env("NVRX_NODE_LOCAL_TMPDIR", tmpDir.toString()).env("NVRX_NODE_ID", NodeLocalJob.NODE)
                .env("NVRX_AGGREGATOR_GRACE_MS", "300").env("NVRX_EXIT_WAIT_MS", "5000")
                .args("5", "--exit", "3");
    }

    /** The five records of the rank, from the node log and the console together. */
    private static List<String> recordsAnywhere(Path nodeLog, ChildJvm.Result result) throws Exception {
        List<String> found = new ArrayList<>();
        if (Files.isRegularFile(nodeLog, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            NodeLocalJob.records(nodeLog).forEach(r -> found.add(r.header.message));
        }
        NvrxLine.all(result.stderrLines()).forEach(r -> found.add(r.message));
        return found.stream().filter(m -> m.startsWith("rank 0 seq")).collect(Collectors.toList());
    }

    private static boolean isRoot() throws Exception {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nvrx_log_testnode.log", "nvrx-aggregator.lock", "nvrx-aggregator.state",
            "nvrx-shared.ctl", "nvrx-aggregator.log", "nvrx-upstream.lock"})
    void aLinkPlantedAtOneOfOurFileNamesIsNeverWrittenThrough(String name, @TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), PRECIOUS);
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        Files.createSymbolicLink(spool.resolve(name), victim);

        ChildJvm.Result result = rank(spool).run();
        boolean aggregatorRefused = result.stderr.contains("keeps failing") || result.stderr.contains("no aggregator is started");
        if (!aggregatorRefused) {
            new NodeLocalJob(spool).awaitAggregatorStopped(null, 30);
        }

        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(result.stdoutLines()).containsExactly("DONE 5");
        assertThat(Files.readString(victim)).as("the file behind the link is unchanged").isEqualTo(PRECIOUS);
        // Left alone, or (a state slot, which is written in place) removed and made anew as a
        // file of our own: never written through.
        assertThat(Files.isSymbolicLink(spool.resolve(name)) || name.equals("nvrx-aggregator.state")).isTrue();
        List<String> records = recordsAnywhere(spool.resolve("nvrx_log_testnode.log"), result);
        if (aggregatorRefused) {
            // Refused with a clear warning; the records wait in the spool files for an aggregator.
            assertThat(result.stderr).as(result.toString()).contains(spool.toString());
            assertThat(NodeLocalJob.files(spool)).anyMatch(f -> f.endsWith(".bin"));
        } else {
            assertThat(records).as(result.toString())
                    .containsExactly("rank 0 seq 0", "rank 0 seq 1", "rank 0 seq 2", "rank 0 seq 3", "rank 0 seq 4");
        }
        assertThat(result.stderrLines().stream().filter(l -> l.startsWith("nvrx-agent:")).count())
                .as(result.toString()).isLessThanOrEqualTo(2);
    }

    @Test
    void withDebugOnTheAggregatorsOutputIsNotWrittenThroughALinkEither(@TempDir Path tmp) throws Exception {
        // NVRX_AGENT_DEBUG=1 sends the aggregator's output to nvrx-aggregator.log; a link planted
        // there was followed (found in review, 2026-11-30).
        Path victim = Files.writeString(tmp.resolve("victim.txt"), PRECIOUS);
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        Files.createSymbolicLink(spool.resolve("nvrx-aggregator.log"), victim);
        ChildJvm.Result result = rank(spool).env("NVRX_AGENT_DEBUG", "1").run();
        new NodeLocalJob(spool).awaitAggregatorStopped(null, 30);
        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(Files.readString(victim)).as("the file behind the link is unchanged").isEqualTo(PRECIOUS);
    }

    @Test
    void aLinkedJobDirectoryIsNeverFollowedOutOfTheTmpDir(@TempDir Path tmp) throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        Files.createSymbolicLink(spool.resolve("job-42"), elsewhere);

        ChildJvm.Result result = rank(spool).env("NVRX_JOB_ID", "42").run();

        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(NodeLocalJob.files(elsewhere)).as("nothing written through the link").isEmpty();
        assertThat(result.stderrLines()).anyMatch(l -> l.startsWith("nvrx-agent:") && l.contains("node-local mode is off"));
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message)
                .containsExactly("rank 0 seq 0", "rank 0 seq 1", "rank 0 seq 2", "rank 0 seq 3", "rank 0 seq 4");
    }

    @Test
    void anUpstreamFileThatIsALinkOutOfTheDirIsNeverRead(@TempDir Path tmp) throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"),
                "2024-01-15 10:30:45,123 [INFO] [testnode] [workload:0(0) infra:0(0)] x.py:1 SECRET outside the dir\n");
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        Path link = Files.createSymbolicLink(spool.resolve("rank_0_secret.msg.1"), secret);

        ChildJvm.Result result = rank(spool).run();
        new NodeLocalJob(spool).awaitAggregatorStopped(null, 30);

        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        String log = Files.readString(spool.resolve("nvrx_log_testnode.log"));
        assertThat(log).doesNotContain("SECRET").contains("rank 0 seq 4");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(secret)).contains("SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"owned by another user", "a link"})
    void aPrivateUserDirectoryThatIsNotPrivateIsRefused(String how, @TempDir Path tmp) throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        assertThat(new ProcessBuilder("chmod", "1777", shared.toString()).start().waitFor()).isZero();
        Path mine = shared.resolve("nvrx-" + Files.getAttribute(tmp, "unix:uid"));
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        if (how.equals("a link")) {
            Files.createSymbolicLink(mine, elsewhere);
        } else {
            Assumptions.assumeTrue(isRoot(), "only root can give a directory to another user");
            Files.createDirectory(mine);
            assertThat(new ProcessBuilder("chown", "65534", mine.toString()).start().waitFor()).isZero();
        }

        ChildJvm.Result result = rank(shared).run();

        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        List<String> warnings = result.stderrLines().stream().filter(l -> l.startsWith("nvrx-agent:")).collect(Collectors.toList());
        assertThat(warnings).as(result.toString()).hasSize(1);
        assertThat(warnings.get(0)).contains("node-local mode is off");
        assertThat(NvrxLine.all(result.stderrLines())).hasSize(5);
        assertThat(NodeLocalJob.files(elsewhere)).isEmpty();
        if (!how.equals("a link")) {
            assertThat(NodeLocalJob.files(mine)).isEmpty();
        }
    }
}
