package io.nvrx.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorTest {
    @TempDir
    Path dir;

    static final class Outcome {
        int code;
        String text;
    }

    static Outcome doctor(Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Outcome o = new Outcome();
        o.code = new Doctor(env, new Properties(), null).run(new PrintStream(bytes, true));
        o.text = bytes.toString(StandardCharsets.UTF_8);
        return o;
    }

    @Test
    void regularModeWithRanksFromSlurm() {
        Map<String, String> env = new HashMap<>();
        env.put("SLURM_JOB_ID", "42");
        env.put("SLURM_STEP_ID", "0");
        env.put("SLURM_PROCID", "5");
        env.put("SLURM_LOCALID", "1");
        env.put("SLURMD_NODENAME", "n7");
        env.put("NVRX_LOG_TO_STDOUT", "1");
        Outcome o = doctor(env);
        assertThat(o.code).as(o.text).isZero();
        assertThat(o.text).contains("each record's header: [n7] [workload:?(?) infra:5(1)]")
                .contains("node id: n7 (from SLURMD_NODENAME)")
                .contains("launcher: SLURM, job 42 step 0")
                .contains("Mode: regular").contains("records go to standard output")
                .contains("NVRX_LOG_TO_STDOUT=1   (environment)")
                .contains("nvrx doctor: no problem found");
    }

    @Test
    void badValuesAndMissingAgentJarAreReported() {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-Xmx1g \"-javaagent:/no/such dir/nvrx-agent.jar=log_debug=1\"");
        env.put("NVRX_LOG_MAX_LOG_FILES", "many");
        env.put("RANK", "x");
        Outcome o = doctor(env);
        assertThat(o.code).isEqualTo(1);
        assertThat(o.text).contains("[FAIL] JAVA_TOOL_OPTIONS names /no/such dir/nvrx-agent.jar, which does not exist")
                .contains("[warn] NVRX_LOG_MAX_LOG_FILES=many is not a whole number")
                .contains("[warn] RANK=x is not a rank")
                .contains("no rank found");
    }

    @Test
    void nodeLocalTmpDirChecks() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Outcome o = doctor(Map.of("NVRX_NODE_LOCAL_TMPDIR", open.toString()));
        assertThat(o.code).isEqualTo(1);
        assertThat(o.text).contains("[FAIL] world-writable without the sticky bit");

        Path link = Files.createSymbolicLink(dir.resolve("link"), open);
        assertThat(doctor(Map.of("NVRX_NODE_LOCAL_TMPDIR", link.toString())).text)
                .contains("[FAIL] " + link + " is a symbolic link");
        assertThat(doctor(Map.of("NVRX_NODE_LOCAL_TMPDIR", dir.resolve("absent").toString())).text)
                .contains("does not exist: the agent creates it (mode 0700)");
    }

    @Test
    void spoolBacklogAndAggregatorLock() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("spool"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Path job = Files.createDirectories(tmp.resolve("u1000/job7"));
        Files.write(job.resolve("nvrx-spool.123.0"), new byte[1000]);
        Files.write(job.resolve("nvrx-spool.124.0"), new byte[24]);
        Files.write(tmp.resolve("rank_0_ftlauncher.msg.1"), new byte[10]);
        Path lock = job.resolve("aggregator.lock");
        Files.write(lock, new byte[0]);
        Map<String, String> env = Map.of("NVRX_NODE_LOCAL_TMPDIR", tmp.toString(), "NVRX_NODE_ID", "nodeA");

        Outcome free = doctor(env);
        assertThat(free.text).contains("spool backlog: 2 nvrx-spool.* file(s), 1024 bytes")
                .contains("upstream NVRx (Python) spool files: 1 rank_* file(s), 10 bytes")
                .contains("[FAIL] aggregator: not running (" + lock + " is not locked) while 2 spool file(s) wait")
                .contains("nvrx_log_nodeA.log does not exist yet");

        Files.write(tmp.resolve("nvrx_log_nodeA.log"), new byte[5]);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            Outcome alive = doctor(env);
            assertThat(alive.text).contains("[ok]   aggregator: alive (" + lock + " is locked by a running process)")
                    .contains("node log: " + tmp.resolve("nvrx_log_nodeA.log") + " (5 bytes");
            assertThat(alive.code).as(alive.text).isZero();
        }
    }
}
