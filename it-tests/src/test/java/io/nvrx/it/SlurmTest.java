package io.nvrx.it;

import io.nvrx.it.apps.RankApp;
import io.nvrx.it.support.AgentJarTool;
import io.nvrx.it.support.ChildJvm;
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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a real SLURM: slurmctld, two slurmd (simulated nodes n1 and n2) and munge on this
 * machine, from Debian's packages, started by it-tests/slurm/local-slurm.sh with all state in
 * a temp dir and stopped by pid afterwards. Skipped, with the reason, where SLURM is not
 * installed (.ci/run installs it). Regular mode: the records reach srun's output.
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
