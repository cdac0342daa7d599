package io.nvrx.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nvrx.agent.spool.ControlBlock;
import io.nvrx.agent.spool.ProcessIdentity;
import io.nvrx.agent.spool.SpoolFormat;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

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

    /** A spool file as the writer leaves it: only its header matters to the doctor (see SpoolFormat). */
    static void spoolFile(Path dir, String name, long generation, long deliveredGeneration, int recordBytes)
            throws Exception {
        ByteBuffer header = ByteBuffer.allocate(SpoolFormat.FILE_HEADER + recordBytes).order(SpoolFormat.ORDER);
        SpoolFormat.setInt(header, SpoolFormat.F_MAGIC, SpoolFormat.FILE_MAGIC);
        SpoolFormat.setInt(header, SpoolFormat.F_VERSION, SpoolFormat.VERSION);
        SpoolFormat.setLong(header, SpoolFormat.F_CURSOR, SpoolFormat.FILE_HEADER + recordBytes);
        SpoolFormat.setLong(header, SpoolFormat.F_GENERATION, generation);
        SpoolFormat.setLong(header, SpoolFormat.F_DELIVERED_GENERATION, deliveredGeneration);
        SpoolFormat.setInt(header, SpoolFormat.F_CAPACITY, SpoolFormat.FILE_HEADER + recordBytes);
        Files.write(dir.resolve(name), header.array());
    }

    @Test
    void spoolDirOfASlurmStepWithItsBacklogAndAStaleAggregatorLock() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("spool"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Path step = Files.createDirectories(tmp.resolve("slurm-42.0"));
        ControlBlock.create(step, ProcessIdentity.current(), "nodeA", new int[] {-1, -1, 0, 0}, 10, 4);
        spoolFile(step, SpoolLayout.binName("123-456", 0), 1, 0, 1000);
        spoolFile(step, SpoolLayout.binName("123-456", 1), 2, 2, 500);   // delivered
        spoolFile(step, "nvrx-spool.not-ours.bin", 1, 0, 99);              // not a spool file name
        Files.write(tmp.resolve("rank_0_ftlauncher.msg.1"), new byte[10]);
        Files.writeString(step.resolve(SpoolLayout.AGGREGATOR_LOCK), "aggregator 99999999 1\n");
        Map<String, String> env = new HashMap<>(Map.of("NVRX_NODE_LOCAL_TMPDIR", tmp.toString(), "NVRX_NODE_ID", "nodeA",
                "SLURM_JOB_ID", "42", "SLURM_STEP_ID", "0", "SLURM_PROCID", "0", "SLURM_LOCALID", "0"));

        Outcome stale = doctor(env);
        assertThat(stale.code).as(stale.text).isEqualTo(1);
        assertThat(stale.text).contains("spool dir: " + step + "\n")
                .contains("slurm-42.0/: this job's subdirectory (from SLURM_JOB_ID and SLURM_STEP_ID)")
                .contains("[FAIL] aggregator: not running (" + step.resolve(SpoolLayout.AGGREGATOR_LOCK)
                        + " is left from one that was killed")
                .contains("spool backlog: 1 spool file(s) not yet delivered (1000 bytes of records) of 2 in all,"
                        + " 1 process(es) spooling")
                .contains("node log: " + step.resolve("nvrx_log_nodeA.log") + " does not exist yet")
                .contains("upstream NVRx (Python) spool files: 1 rank_* file(s), 10 bytes");
        // The doctor changed nothing: the lock note and the files are as they were.
        assertThat(Files.readString(step.resolve(SpoolLayout.AGGREGATOR_LOCK))).isEqualTo("aggregator 99999999 1\n");

        // From the batch script (no step) the ranks' directory is listed among the others, with a
        // finished job's directory (only its node log is left).
        Files.writeString(Files.createDirectory(tmp.resolve("slurm-41.0")).resolve("nvrx_log_nodeA.log"), "record\n");
        env.remove("SLURM_STEP_ID");
        Outcome batch = doctor(env);
        assertThat(batch.text).contains("spool dir: " + tmp.resolve("slurm-42") + "\n")
                .contains("no SLURM_STEP_ID here (a batch script, not a job step)")
                .contains("it does not exist yet: the first rank creates it (0700)")
                .contains("other spool directories under " + tmp + ":")
                .contains("    slurm-42.0/: aggregator not running; backlog: 1 spool file(s) not yet delivered")
                .contains("    slurm-41.0/: aggregator not running; backlog: none; node log(s): nvrx_log_nodeA.log (7 bytes)");
        assertThat(tmp.resolve("slurm-42")).doesNotExist();

        // NVRX_LOG_DIR moves the node log; a "spawning" note of a moment ago means one is starting.
        Files.writeString(step.resolve(SpoolLayout.AGGREGATOR_LOCK), "spawning 77 " + System.currentTimeMillis() + "\n");
        env.put("SLURM_STEP_ID", "0");
        env.put("NVRX_LOG_DIR", dir.resolve("logs").toString());
        Outcome starting = doctor(env);
        assertThat(starting.text).contains("aggregator: starting (pid 77 is spawning one)")
                .contains("node log: " + dir.resolve("logs/nvrx_log_nodeA.log") + " does not exist yet");
    }

    @Test
    void aWorldWritableStickyTmpDirMeansAPrivateSubdirectoryPerUser() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        new ProcessBuilder("chmod", "+t", shared.toString()).start().waitFor();
        Outcome o = doctor(Map.of("NVRX_NODE_LOCAL_TMPDIR", shared.toString(), "NVRX_JOB_ID", "train"));
        String user = "nvrx-" + Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertThat(o.text).as(o.text).contains("spool dir: " + shared.resolve(user).resolve("job-train") + "\n")
                .contains(user + "/: this user's private subdirectory")
                .contains("job-train/: this job's subdirectory (from NVRX_JOB_ID)");
        assertThat(shared.resolve(user)).doesNotExist();
    }

    /**
     * An aggregator alive in another process (the lock is held there: a lock held by this JVM
     * would be dropped the moment the doctor closed its own channel on the file). The holder is
     * a tiny program run by the JDK's source launcher; it takes the lock as ElectionLock does.
     */
    @Test
    void anAggregatorHoldingTheLockInAnotherProcessIsAliveAndKeepsItsLock() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("spool"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Path lock = tmp.resolve(SpoolLayout.AGGREGATOR_LOCK);
        Path holder = dir.resolve("Holder.java");
        Files.writeString(holder, "import java.nio.channels.*; import java.nio.file.*;\n"
                + "public class Holder { public static void main(String[] a) throws Exception {\n"
                + "  FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.READ, StandardOpenOption.WRITE,"
                + " StandardOpenOption.CREATE);\n"
                + "  FileLock l = c.lock();\n"
                + "  c.write(java.nio.ByteBuffer.wrap((\"aggregator \" + ProcessHandle.current().pid() + \" 1\\n\").getBytes()), 0);\n"
                + "  System.out.println(\"locked\"); System.out.flush();\n"
                + "  System.in.read();\n" // until the test closes our stdin
                + "  System.out.println(l.isValid() ? \"still locked\" : \"lost\"); } }\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", holder.toString(), lock.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            Outcome alive = doctor(Map.of("NVRX_NODE_LOCAL_TMPDIR", tmp.toString(), "NVRX_NODE_ID", "nodeA"));
            assertThat(alive.text).contains("[ok]   aggregator: alive, pid " + p.pid() + " (holds " + lock + ")")
                    .contains("spool backlog: none");
            assertThat(alive.code).as(alive.text).isZero();
            // The holder's lock survived the doctor's probe: a second process still cannot take it.
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                assertThat(channel.tryLock()).isNull();
            }
            p.getOutputStream().close();
            assertThat(out.readLine()).isEqualTo("still locked");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
