package io.nvrx.it;

import io.nvrx.it.apps.SpoolApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NodeLocalJob.Rank;
import io.nvrx.it.support.NodeLocalJob.Record;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node-local mode meets what it finds on a node: upstream Python spool files, unsafe or unusable
 * tmp dirs, files in the spool directory that are not what their names say.
 */
@Execution(ExecutionMode.SAME_THREAD)
class NodeLocalInputsTest {

    /** The aggregators these tests start outlive their ranks: let them stop before the temp dir goes. */
    @org.junit.jupiter.api.AfterEach
    void settleAggregators() throws Exception {
        io.nvrx.it.support.NodeLocalJob.settleAll();
    }
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @Test
    void upstreamPythonSpoolFilesShareTheNodeLog(@TempDir Path tmp) throws Exception {
        // A Python launcher (upstream NVRx) spools into the tmp dir itself; the JVM ranks of a SLURM
        // step spool into their job's subdirectory. One node log gets both, in time order.
        LocalDateTime start = LocalDateTime.now().minusSeconds(5);
        Path python = tmp.resolve("rank_0_ftlauncher.msg." + System.currentTimeMillis());
        String launcher = ASCTIME.format(start) + " [INFO] [testnode] [workload:0(0) infra:0(0)] launcher.py:10 launcher started\n";
        String traceback = ASCTIME.format(start.plusSeconds(1)) + " [ERROR] [testnode] [workload:?(?) infra:?(?)] <stdin>:1 worker failed\n"
                + "Traceback (most recent call last):\n"
                + "  File \"<stdin>\", line 1, in <module>\n"
                + "ValueError: boom\n";
        String dash = ASCTIME.format(start.plusSeconds(2)) + " [WARNING] [testnode] [workload:1(?) infra:?(1)] my-module.py:7 dash in a file name\n";
        Files.writeString(python, launcher + traceback + dash);
        NodeLocalJob job = new NodeLocalJob(tmp);
        String slurm = "slurm-7.0";
        Rank rank;
        try {
            rank = job.start(job.rank(SpoolApp.class, 0, 0).env("SLURM_JOB_ID", "7").env("SLURM_STEP_ID", "0")
                    .args("20", "--pause-at", "9", "1500"));
            Thread.sleep(800);
            // While the rank runs, the launcher writes another record.
            String live = ASCTIME.format(LocalDateTime.now()) + " [INFO] [testnode] [workload:0(0) infra:0(0)] launcher.py:22 heartbeat\n";
            Files.writeString(python, live, java.nio.file.StandardOpenOption.APPEND);
            assertThat(rank.await(60)).isZero();
        } finally {
            job.killAll();
        }
        job.awaitAggregatorStopped(slurm, 30);
        List<Record> records = NodeLocalJob.records(job.nodeLog(slurm));
        String log = Files.readString(job.nodeLog(slurm));
        assertThat(log).startsWith(launcher + traceback + dash); // byte for byte, and first: they are older
        Record failed = records.get(1);
        assertThat(failed.header.file).isEqualTo("<stdin>");
        assertThat(failed.continuation).containsExactly("Traceback (most recent call last):",
                "  File \"<stdin>\", line 1, in <module>", "ValueError: boom");
        assertThat(records.stream().filter(r -> r.header.message.equals("heartbeat")).count()).isEqualTo(1);
        assertThat(NodeLocalJob.sequence(records, 0)).hasSize(20).isSorted();
        // Our aggregator consumed the upstream file and cleaned up after itself.
        assertThat(Files.exists(python)).isFalse();
        assertThat(NodeLocalJob.files(tmp.resolve(slurm))).containsExactly("nvrx_log_testnode.log");
    }

    @Test
    void anAgentJarWhosePathHasAColonStillGetsItsAggregator(@TempDir Path tmp) throws Exception {
        // A class path is split at ':', so "-cp <jar>" could not start the aggregator from such a
        // path (found in review, 2026-11-30): the records stayed in the spool.
        Path dir = Files.createDirectories(tmp.resolve("a:b"));
        Path jar = Files.copy(ChildJvm.agentJar(), dir.resolve("nvrx-agent.jar"));
        Path spool = tmp.resolve("spool");
        ChildJvm.Result result = ChildJvm.app(SpoolApp.class).withoutAgent().jvmArg("-javaagent:" + jar)
                .jvmArg("-Xmx96m").env("RANK", "0").env("LOCAL_RANK", "0")
                .env("NVRX_NODE_LOCAL_TMPDIR", spool.toString()).env("NVRX_NODE_ID", NodeLocalJob.NODE)
                .env("NVRX_AGGREGATOR_GRACE_MS", "300").env("NVRX_EXIT_WAIT_MS", "30000")
                .args("5", "--exit", "3").run();
        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        new NodeLocalJob(spool).awaitAggregatorStopped(null, 30);
        assertThat(NodeLocalJob.records(spool.resolve("nvrx_log_" + NodeLocalJob.NODE + ".log"))).as(result.toString())
                .hasSize(5);
    }

    /** Runs a one-rank job that exits with code 3; returns what it printed. */
    private static ChildJvm.Result runRank(String tmpDir) throws Exception {
        return ChildJvm.app(SpoolApp.class).jvmArg("-Xmx96m").env("RANK", "0").env("LOCAL_RANK", "0")
                .env("NVRX_NODE_LOCAL_TMPDIR", tmpDir).env("NVRX_NODE_ID", NodeLocalJob.NODE)
                .env("NVRX_AGGREGATOR_GRACE_MS", "300").env("NVRX_EXIT_WAIT_MS", "30000")
                .args("5", "--exit", "3").run();
    }

    /** Regular mode after one warning: the records are on stderr and the app is unharmed. */
    private static void assertRefused(ChildJvm.Result result, String why) {
        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(result.stdoutLines()).containsExactly("DONE 5");
        List<String> warnings = result.stderrLines().stream().filter(l -> l.startsWith("nvrx-agent:"))
                .collect(Collectors.toList());
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("node-local mode is off").contains(why).contains("records go to the console");
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message)
                .containsExactly("rank 0 seq 0", "rank 0 seq 1", "rank 0 seq 2", "rank 0 seq 3", "rank 0 seq 4");
    }

    @Test
    void aSymlinkedTmpDirIsRefused(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertRefused(runRank(link.toString()), "is a symbolic link");
        assertThat(NodeLocalJob.files(real)).isEmpty();
    }

    @Test
    void aWorldWritableTmpDirWithoutTheStickyBitIsRefused(@TempDir Path tmp) throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(runRank(open.toString()), "world-writable without the sticky bit");
        assertThat(NodeLocalJob.files(open)).isEmpty();
    }

    @Test
    void aStickyWorldWritableTmpDirGetsAPrivateDirectoryPerUser(@TempDir Path tmp) throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        assertThat(new ProcessBuilder("chmod", "1777", shared.toString()).start().waitFor()).isZero();
        ChildJvm.Result result = runRank(shared.toString());
        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(result.stderrLines()).isEmpty();
        Path mine = shared.resolve("nvrx-" + Files.getAttribute(tmp, "unix:uid"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rwx------");
        assertThat(NodeLocalJob.sequence(NodeLocalJob.records(mine.resolve("nvrx_log_testnode.log")), 0)).containsExactly(0, 1, 2, 3, 4);
        assertThat(NodeLocalJob.files(shared)).containsExactly(mine.getFileName().toString());
    }

    @Test
    void aMissingTmpDirIsCreatedPrivate(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("a/b/c");
        ChildJvm.Result result = runRank(missing.toString());
        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(result.stderrLines()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(missing))).isEqualTo("rwx------");
        assertThat(NodeLocalJob.sequence(NodeLocalJob.records(missing.resolve("nvrx_log_testnode.log")), 0)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aTmpDirOfAnotherUserIsRefused(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(isRoot(), "only root can give a directory to another user");
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        assertThat(new ProcessBuilder("chown", "65534", theirs.toString()).start().waitFor()).isZero();
        assertRefused(runRank(theirs.toString()), "is owned by uid 65534");
    }

    @Test
    void aTmpDirThisUserCannotWriteIsRefused(@TempDir Path tmp) throws Exception {
        Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        ChildJvm rank = ChildJvm.app(SpoolApp.class).jvmArg("-Xmx96m").jvmArg("-XX:-UsePerfData")
                .env("RANK", "0").env("NVRX_NODE_LOCAL_TMPDIR", readOnly.toString()).args("5", "--exit", "3");
        ChildJvm.Result result;
        if (isRoot()) {
            // Root writes anywhere: run the rank as the owner of the directory, an ordinary user.
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to drop root");
            assertThat(new ProcessBuilder("chown", "65534", readOnly.toString()).start().waitFor()).isZero();
            ProcessBuilder builder = rank.processBuilder();
            builder.command().addAll(0, List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            builder.directory(tmp.toFile());
            result = NodeLocalJob.run(builder, 60);
        } else {
            result = rank.run();
        }
        assertRefused(result, "is not writable");
    }

    private static boolean isRoot() throws Exception {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    @Test
    void filesThatAreNotWhatTheirNamesSayAreSkippedWithANote(@TempDir Path tmp) throws Exception {
        // Planted before the job starts: a FIFO (opening it would block), a link to a file outside,
        // random bytes, a name that is not a spool name, and a damaged aggregator state file.
        Path fifo = tmp.resolve("nvrx-spool.999999-1.0.bin");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path link = Files.createSymbolicLink(tmp.resolve("nvrx-spool.999998-1.0.bin"), Path.of("/etc/hostname"));
        byte[] noise = new byte[10240];
        new Random(42).nextBytes(noise);
        Path garbage = Files.write(tmp.resolve("nvrx-spool.999997-1.0.bin"), noise);
        Path badName = Files.writeString(tmp.resolve("nvrx-spool.junk"), "junk");
        Files.writeString(tmp.resolve("nvrx-aggregator.state"), "not a state file\n", StandardCharsets.UTF_8);
        NodeLocalJob job = new NodeLocalJob(tmp);
        try {
            job.start(job.rank(SpoolApp.class, 0, 0).args("50"));
            job.awaitAll(60);
        } finally {
            job.killAll();
        }
        job.awaitAggregatorStopped(null, 30);
        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        assertThat(NodeLocalJob.sequence(records, 0)).hasSize(50).isSorted();
        List<String> notes = records.stream().filter(r -> r.header.file.equals("nvrx-agent")).map(r -> r.header.message)
                .collect(Collectors.toList());
        assertThat(notes).anyMatch(n -> n.contains(fifo.getFileName() + ": it is a FIFO"))
                .anyMatch(n -> n.contains(link.getFileName() + ": it is a symbolic link"))
                .anyMatch(n -> n.contains(garbage.getFileName() + ": it does not start with a spool file header"))
                .anyMatch(n -> n.contains(badName.getFileName() + ": its name is not that of a spool file"))
                .anyMatch(n -> n.contains("saved state was unreadable"));
        // Not ours to delete: they stay, untouched.
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(garbage)).isEqualTo(noise);
        assertThat(Files.readString(Path.of("/etc/hostname"))).doesNotContain("rank 0 seq");
    }

    static long epochMillis(LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
