package io.nvrx.it;

import io.nvrx.it.apps.RankApp;
import io.nvrx.it.apps.SpoolApp;
import io.nvrx.it.support.AgentJarTool;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a real SLURM: slurmctld, two slurmd (simulated nodes n1 and n2) and munge on this
 * machine, from Debian's packages, started by it-tests/slurm/local-slurm.sh with all state in
 * a temp dir and stopped by pid afterwards. Skipped, with the reason, where SLURM is not
 * installed (.ci/run installs it). Regular mode: the records reach srun's output. Node-local
 * mode: each simulated node gets its own tmp dir (both slurmd run on this host), so each has its
 * own aggregator and its own {@code nvrx_log_<node>.log}.
 */
@Execution(ExecutionMode.SAME_THREAD)
class SlurmTest {
    private static Path cluster;
    private static Thread stopAtExit;

    @BeforeAll
    static void startCluster() throws Exception {
        Assumptions.assumeTrue(onPath("slurmctld") && onPath("slurmd") && onPath("munged") && onPath("srun"),
                "SLURM is not installed (apt-get install slurmctld slurmd munge slurm-client; .ci/run does)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the local SLURM cluster runs its daemons as root (SlurmUser=root)");
        cluster = Files.createTempDirectory("nvrx-slurm");
        stopAtExit = new Thread(SlurmTest::stopQuietly, "stop-local-slurm");
        Runtime.getRuntime().addShutdownHook(stopAtExit); // even if the test JVM is stopped early
        Result started = exec(List.of(script().toString(), "start", cluster.toString()), 60);
        if (started.code != 0) {
            stopQuietly();
            throw new AssertionError("local SLURM did not start:\n" + started.output);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            stopQuietly();
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
            try (java.util.stream.Stream<Path> files = Files.walk(cluster)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void srunTwoNodesTimesTwoTasksEachRecordCarriesItsSlurmRanks() throws Exception {
        List<String> command = new ArrayList<>(List.of("timeout", "120", "srun", "-N", "2", "-n", "4", "--overcommit",
                "--time=2"));
        command.addAll(AgentJarTool.appCommand(RankApp.class));
        Result r = exec(command, 150, Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar()));
        assertThat(r.code).as(r.output).isZero();
        List<NvrxLine> started = NvrxLine.all(lines(r.output)).stream()
                .filter(l -> l.message.endsWith(" started")).collect(Collectors.toList());
        assertThat(started).as(r.output).hasSize(4);
        Map<String, String> nodeOfInfraRank = new TreeMap<>();
        for (NvrxLine l : started) {
            nodeOfInfraRank.put(l.infraRank + "(" + l.infraLocalRank + ")", l.node);
            assertThat(l.rank).isEqualTo("?"); // srun sets no RANK: the workload rank stays unknown
        }
        // SLURM's block distribution: tasks 0 and 1 on n1, 2 and 3 on n2, local ids 0 and 1 on each.
        assertThat(nodeOfInfraRank).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "0(0)", "n1", "1(1)", "n1", "2(0)", "n2", "3(1)", "n2")));
    }

    @Test
    void aJobArrayNumbersInfraRanksAcrossItsTasks() throws Exception {
        Path work = Files.createTempDirectory(cluster, "array");
        Path script = work.resolve("job.sh");
        Files.writeString(script, "#!/bin/bash\n"
                + "export JAVA_TOOL_OPTIONS=\"-javaagent:" + ChildJvm.agentJar() + "\"\n"
                + "exec srun --overcommit " + String.join(" ", AgentJarTool.appCommand(RankApp.class)) + "\n");
        Result submitted = exec(List.of("sbatch", "--parsable", "--array=0-1", "-N", "2", "-n", "2", "--overcommit",
                "--time=2", "-o", work.resolve("out-%a.txt").toString(), script.toString()), 30);
        assertThat(submitted.code).as(submitted.output).isZero();
        String job = submitted.output.trim().split(";")[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !exec(List.of("squeue", "-h", "-j", job), 30).output.trim().isEmpty()) {
            Thread.sleep(250);
        }
        for (int task = 0; task < 2; task++) {
            Path out = work.resolve("out-" + task + ".txt");
            assertThat(out).as("array task " + task + " output").exists();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            List<String> infra = NvrxLine.all(lines(text)).stream().filter(l -> l.message.endsWith(" started"))
                    .map(l -> l.infraRank).sorted().collect(Collectors.toList());
            // SLURM_ARRAY_TASK_ID * SLURM_NNODES + SLURM_PROCID, as upstream NVRx numbers them.
            assertThat(infra).as(text).containsExactly(Integer.toString(task * 2), Integer.toString(task * 2 + 1));
        }
    }

    /** 2 nodes x 2 tasks in node-local mode: one node log per node, with exactly its tasks' records. */
    @Test
    void nodeLocalModeGivesOneNodeLogPerNodeWithExactlyItsTasksRecords() throws Exception {
        Path work = Files.createTempDirectory(cluster, "nodelocal");
        Path base = work.resolve("tmp");
        String job = sbatchNodeLocal(work, base, List.of("-N", "2", "--ntasks-per-node=2"), true);
        String text = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
        // Every record went to a node log: the job's output holds none.
        assertThat(NvrxLine.all(lines(text))).as(text).isEmpty();
        Map<Path, List<SlurmRecord>> logs = nodeLogs(base);
        Path n1 = base.resolve("n1").resolve("slurm-" + job + ".0").resolve("nvrx_log_n1.log");
        Path n2 = base.resolve("n2").resolve("slurm-" + job + ".0").resolve("nvrx_log_n2.log");
        assertThat(logs.keySet()).as(text).containsExactlyInAnyOrder(n1, n2);
        // SLURM's block distribution: tasks 0 and 1 on n1, 2 and 3 on n2, local ids 0 and 1 on each.
        assertTasks(logs.get(n1), "n1", Map.of(0, 0, 1, 1), "-");
        assertTasks(logs.get(n2), "n2", Map.of(2, 0, 3, 1), "-");
        // The doctor, run by a second step on each node, names its own step's spool directory
        // (without creating it) and finds the first step's node log next to it.
        for (String node : List.of("n1", "n2")) {
            // One task per node: task 0 on n1, task 1 on n2 (srun's %t names the file by task).
            String doctor = Files.readString(work.resolve("doctor-" + (node.equals("n1") ? 0 : 1) + ".txt"),
                    StandardCharsets.UTF_8);
            assertThat(doctor).as(doctor).contains("node id: " + node + " (from SLURMD_NODENAME)")
                    .contains("launcher: SLURM, job " + job + " step 1")
                    .contains("spool dir: " + base.resolve(node).resolve("slurm-" + job + ".1") + "\n")
                    .contains("other spool directories under " + base.resolve(node) + ":")
                    .containsPattern("slurm-" + job + "\\.0/: aggregator [^\n]*node log\\(s\\): nvrx_log_" + node
                            + "\\.log \\(\\d+ bytes\\)");
            assertThat(base.resolve(node).resolve("slurm-" + job + ".1")).doesNotExist();
        }
        awaitAggregatorsGone(base);
        assertThat(NodeLocalJob.files(n1.getParent())).containsExactly("nvrx_log_n1.log");
        assertThat(NodeLocalJob.files(n2.getParent())).containsExactly("nvrx_log_n2.log");
    }

    /** A job array in node-local mode: each array task is its own job, so its own subdirectory and node logs. */
    @Test
    void nodeLocalJobArrayKeepsEachArrayTaskInItsOwnSpoolDirectory() throws Exception {
        Path work = Files.createTempDirectory(cluster, "nodelocal-array");
        Path base = work.resolve("tmp");
        sbatchNodeLocal(work, base, List.of("--array=0-1", "-N", "2", "--ntasks-per-node=1"), false);
        Map<Path, List<SlurmRecord>> logs = nodeLogs(base);
        assertThat(logs).as("node logs under " + base).hasSize(4);
        Map<String, Path> logOfTaskAndNode = new TreeMap<>();
        for (Map.Entry<Path, List<SlurmRecord>> log : logs.entrySet()) {
            Path file = log.getKey();
            String node = file.getParent().getParent().getFileName().toString();
            assertThat(file.getFileName().toString()).isEqualTo("nvrx_log_" + node + ".log");
            assertThat(file.getParent().getFileName().toString()).matches("slurm-\\d+\\.0");
            assertThat(log.getValue()).as(file.toString()).isNotEmpty();
            String arrayTask = log.getValue().get(0).arrayTask;
            int procid = node.equals("n1") ? 0 : 1; // one task per node, block distribution
            // Infra rank: SLURM_ARRAY_TASK_ID * SLURM_NNODES + SLURM_PROCID, as upstream NVRx numbers it.
            int infra = Integer.parseInt(arrayTask) * 2 + procid;
            assertTasks(log.getValue(), node, Map.of(procid, 0), arrayTask, infra);
            logOfTaskAndNode.put(arrayTask + "/" + node, file);
        }
        assertThat(logOfTaskAndNode).containsOnlyKeys("0/n1", "0/n2", "1/n1", "1/n2");
        awaitAggregatorsGone(base);
        for (Path file : logs.keySet()) {
            assertThat(NodeLocalJob.files(file.getParent())).containsExactly(file.getFileName().toString());
        }
    }

    private static final int RECORDS_PER_TASK = 300;

    /**
     * Submits an sbatch script that arms every JVM with JAVA_TOOL_OPTIONS and gives each simulated
     * node its own tmp dir ({@code <base>/$SLURMD_NODENAME}, set inside the srun'd command since
     * the batch script itself runs on the first node only), runs srun of SpoolApp logging
     * {@value #RECORDS_PER_TASK} numbered records, then (withDoctor) a second step running {@code doctor} on
     * each node, and waits for the job (or every array task) to end. Returns the job id.
     */
    private static String sbatchNodeLocal(Path work, Path base, List<String> shape, boolean withDoctor) throws Exception {
        Files.createDirectory(base, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        List<String> java = new ArrayList<>(AgentJarTool.appCommand(SpoolApp.class, Integer.toString(RECORDS_PER_TASK)));
        java.add(1, "-Xmx96m");
        String app = String.join(" ", java);
        Path script = work.resolve("job.sh");
        Files.writeString(script, "#!/bin/bash\n"
                + "export JAVA_TOOL_OPTIONS=\"-javaagent:" + ChildJvm.agentJar() + "\"\n"
                + "export NVRX_BASE=" + base + "\n"
                + "export NVRX_EXIT_WAIT_MS=30000 NVRX_AGGREGATOR_GRACE_MS=500 NVRX_LOG_MAX_FILE_SIZE_KB=1024\n"
                + "timeout 100 srun --overcommit bash -c 'export NVRX_NODE_LOCAL_TMPDIR=$NVRX_BASE/$SLURMD_NODENAME;"
                + " exec " + app + " --tag \"array ${SLURM_ARRAY_TASK_ID:--} task $SLURM_PROCID \"'\n"
                + (withDoctor ? "timeout 60 srun --overcommit -N 2 -n 2 --ntasks-per-node=1 -o " + work.resolve("doctor-%t.txt")
                        + " bash -c 'export NVRX_NODE_LOCAL_TMPDIR=$NVRX_BASE/$SLURMD_NODENAME; exec "
                        + AgentJarTool.java() + " -Xmx64m -jar " + ChildJvm.agentJar() + " doctor'\n" : ""));
        List<String> sbatch = new ArrayList<>(List.of("sbatch", "--parsable", "--time=2", "-o",
                work.resolve(shape.get(0).startsWith("--array") ? "out-%a.txt" : "out.txt").toString()));
        sbatch.addAll(shape);
        sbatch.add(script.toString());
        Result submitted = exec(sbatch, 30);
        assertThat(submitted.code).as(submitted.output).isZero();
        String job = submitted.output.trim().split(";")[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!exec(List.of("squeue", "-h", "-j", job), 30).output.trim().isEmpty()) {
            if (System.nanoTime() > deadline) {
                exec(List.of("scancel", job), 30);
                throw new AssertionError("job " + job + " did not end in 120 s");
            }
            Thread.sleep(250);
        }
        return job;
    }

    /** One record of SpoolApp under srun: {@code array <A> task <procid> rank ? seq <i>}. */
    private static final class SlurmRecord {
        final NodeLocalJob.Record record;
        final NvrxLine header;
        final String arrayTask;
        final int task;
        final int seq;

        SlurmRecord(NodeLocalJob.Record record, String arrayTask, int task, int seq) {
            this.record = record;
            this.header = record.header;
            this.arrayTask = arrayTask;
            this.task = task;
            this.seq = seq;
        }
    }

    private static final Pattern TASK_RECORD = Pattern.compile("^array (\\S+) task (\\d+) rank \\? seq (\\d+)$");

    /** Every {@code nvrx_log_*.log} under the base tmp dir, wherever the agent put it, with its records. */
    private static Map<Path, List<SlurmRecord>> nodeLogs(Path base) throws IOException {
        Map<Path, List<SlurmRecord>> logs = new TreeMap<>();
        List<Path> files;
        try (java.util.stream.Stream<Path> all = Files.walk(base)) {
            files = all.filter(p -> p.getFileName().toString().matches("nvrx_log_.*\\.log")).collect(Collectors.toList());
        }
        for (Path file : files) {
            List<SlurmRecord> records = new ArrayList<>();
            for (NodeLocalJob.Record record : NodeLocalJob.records(file)) {
                Matcher m = TASK_RECORD.matcher(record.header.message);
                if (!m.matches()) {
                    throw new AssertionError(file + " has a record that is not the app's: " + record);
                }
                records.add(new SlurmRecord(record, m.group(1), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))));
            }
            logs.put(file, records);
        }
        return logs;
    }

    private static void assertTasks(List<SlurmRecord> records, String node, Map<Integer, Integer> localIdOfTask,
                                    String arrayTask) {
        assertTasks(records, node, localIdOfTask, arrayTask, -1);
    }

    /**
     * The node log holds exactly the given tasks' records: each task's seq 0..N-1 once and in
     * order, every header with this node and {@code infra:<procid>(<localid>)} (the infra rank
     * {@code infraOfOnlyTask} instead of the procid in a job array), no workload rank.
     */
    private static void assertTasks(List<SlurmRecord> records, String node, Map<Integer, Integer> localIdOfTask,
                                    String arrayTask, int infraOfOnlyTask) {
        Map<Integer, List<Integer>> seqsOfTask = new TreeMap<>();
        for (SlurmRecord r : records) {
            assertThat(localIdOfTask).as("task %d in the log of %s", r.task, node).containsKey(r.task);
            int infra = infraOfOnlyTask >= 0 ? infraOfOnlyTask : r.task;
            assertThat(r.header.node).isEqualTo(node);
            assertThat(r.header.ranks()).as(r.header.toString())
                    .isEqualTo("workload:?(?) infra:" + infra + "(" + localIdOfTask.get(r.task) + ")");
            assertThat(r.arrayTask).isEqualTo(arrayTask);
            seqsOfTask.computeIfAbsent(r.task, t -> new ArrayList<>()).add(r.seq);
        }
        assertThat(seqsOfTask.keySet()).containsExactlyElementsOf(new TreeMap<>(localIdOfTask).keySet());
        List<Integer> all = IntStream.range(0, RECORDS_PER_TASK).boxed().collect(Collectors.toList());
        for (Map.Entry<Integer, List<Integer>> task : seqsOfTask.entrySet()) {
            assertThat(task.getValue()).as("seqs of task " + task.getKey() + " on " + node).isEqualTo(all);
        }
        assertThat(NodeLocalJob.inversions(recordsOf(records))).isEmpty();
    }

    private static List<NodeLocalJob.Record> recordsOf(List<SlurmRecord> records) {
        return records.stream().map(r -> r.record).collect(Collectors.toList());
    }

    /**
     * Waits (bounded) until no aggregator of a spool directory under {@code base} runs any more
     * and its lock, state and control files are gone: a grace period after the last task.
     */
    private static void awaitAggregatorsGone(Path base) throws Exception {
        String marker = base.toString();
        NodeLocalJob.await(() -> ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine()
                .map(c -> c.contains("AggregatorMain") && c.contains(marker)).orElse(false)), 30,
                "the aggregators under " + base + " to stop");
        NodeLocalJob.await(() -> {
            try (java.util.stream.Stream<Path> all = Files.walk(base)) {
                return all.noneMatch(p -> p.getFileName().toString().startsWith("nvrx-"));
            } catch (IOException e) {
                return false;
            }
        }, 30, "the spool, lock, state and control files under " + base + " to be removed");
    }

    private static Path script() {
        return Paths.get(System.getProperty("nvrx.test.classes")).resolve("../../slurm/local-slurm.sh").normalize();
    }

    private static void stopQuietly() {
        try {
            exec(List.of(script().toString(), "stop", cluster.toString()), 60);
        } catch (Exception e) {
            System.err.println("could not stop the local SLURM in " + cluster + ": " + e);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Paths.get("/usr/sbin", tool)) || Files.isExecutable(Paths.get("/usr/bin", tool));
    }

    private static final class Result {
        final int code;
        final String output;

        Result(int code, String output) {
            this.code = code;
            this.output = output;
        }
    }

    private static Result exec(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        return exec(command, timeoutSeconds, Map.of());
    }

    private static Result exec(List<String> command, long timeoutSeconds, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(n -> n.startsWith("SLURM") || n.startsWith("NVRX_") || n.equals("RANK")
                || n.equals("LOCAL_RANK") || n.equals("JAVA_TOOL_OPTIONS"));
        environment.put("PATH", environment.getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        if (cluster != null) {
            environment.put("SLURM_CONF", cluster.resolve("slurm.conf").toString());
        }
        environment.putAll(env);
        Path out = Files.createTempFile("nvrx-slurm-out", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = builder.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command + "\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }
}
