package io.nvrx.it;

import io.nvrx.it.apps.ForkApp;
import io.nvrx.it.apps.SetupApiApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Child JVMs, JDK tools, double loading and the setup API (regular mode). */
class ForkSafetyTest {

    @Test
    void childAndGrandchildAreArmedAndKeepTheParentsRanks() throws Exception {
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("tree", "0")
                .env("RANK", "5").env("LOCAL_RANK", "1").env("NVRX_NODE_ID", "n1").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        List<NvrxLine> records = NvrxLine.all(result.stderrLines());
        assertThat(records).extracting(r -> r.message.replaceAll(" pid \\d+", ""))
                .contains("level 0", "level 1", "level 2", "child of level 1 exited 0", "child of level 0 exited 0");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.ranks()).isEqualTo("workload:5(1) infra:?(?)");
            assertThat(r.node).isEqualTo("n1");
        });
        // Each record once, from three distinct processes.
        assertThat(records.stream().map(r -> r.message).distinct().count()).isEqualTo(records.size());
        assertThat(records.stream().filter(r -> r.message.startsWith("level ")).map(r -> r.message.replaceAll(".* pid ", ""))
                .distinct().count()).isEqualTo(3);
        // Children are armed through JAVA_TOOL_OPTIONS: their command lines carry no -javaagent.
        List<String> commands = result.stdoutLines().stream().filter(l -> l.startsWith("COMMAND ")).collect(Collectors.toList());
        assertThat(commands).hasSize(3);
        assertThat(commands.subList(1, 3)).allSatisfy(c -> assertThat(c).doesNotContain("-javaagent"));
    }

    @Test
    void aChildWhoseStderrTheParentReadsIsLeftExactlyAsWithoutTheAgent() throws Exception {
        assertThat(childErrAsWithoutTheAgent("pipe")).anyMatch(l -> l.contains("INFO: leaf record"));
    }

    /**
     * Runs ForkApp {@code mode} (a parent that reads a child's stderr) with and without the agent;
     * the stderr lines it read must be the same; returns them (with the agent).
     */
    private static List<String> childErrAsWithoutTheAgent(String mode) throws Exception {
        ChildJvm.Result with = ChildJvm.app(ForkApp.class).args(mode).env("RANK", "2").run();
        ChildJvm.Result without = ChildJvm.app(ForkApp.class).withoutAgent().args(mode).env("RANK", "2").run();
        assertThat(with.exitCode).isZero();
        List<String> childErrWith = childErr(with);
        assertThat(childErrWith).anyMatch(l -> l.contains("leaf stderr line"));
        assertThat(JulAndStderrTest.withoutTimes(childErrWith.stream()
                .filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).collect(Collectors.toList())))
                .isEqualTo(JulAndStderrTest.withoutTimes(childErr(without)));
        return childErrWith;
    }

    @Test
    void aGrandchildWritingIntoAPipeItsGrandparentReadsLeavesItAlone() throws Exception {
        // The parent reads its child's stderr; the child's own child inherits that stderr: the
        // grandparent reads it too, so the grandchild's lines must come as without the agent.
        childErrAsWithoutTheAgent("pipe-via-middle");
    }

    @Test
    void aChildWhoseTwoStreamsTheParentReadsIsNotArmedSoNothingIsAddedToThem() throws Exception {
        // ProcessBuilder's default: the parent reads both streams. Armed, the child would route
        // nothing, and its JVM would add "Picked up JAVA_TOOL_OPTIONS: ..." to its stderr.
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("pipes").env("RANK", "4").run();
        assertThat(result.stdoutLines()).as(result.toString())
                .contains("CHILD-OUT|ENV JAVA_TOOL_OPTIONS=null", "CHILD-OUT|ENV NVRX_PARENT_READS=stdout,stderr", "CHILD-EXIT|0")
                .noneMatch(l -> l.startsWith("CHILD-ERR|") && l.length() > "CHILD-ERR|".length());
    }

    @Test
    void theAppsProcessBuilderKeepsItsOwnEnvironment() throws Exception {
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("builder-kept").env("RANK", "1").run();
        assertThat(result.stdoutLines()).as(result.toString()).contains("BUILDER-ENV-KEPT|true|0");
    }

    private static List<String> childErr(ChildJvm.Result result) {
        return result.stdoutLines().stream().filter(l -> l.startsWith("CHILD-ERR|")).map(l -> l.substring(10))
                .collect(Collectors.toList());
    }

    @Test
    void childEnvironmentAppendsToExistingToolOptionsOnce() throws Exception {
        // The parent is armed through JAVA_TOOL_OPTIONS that already hold other options: the child
        // keeps them, in order, and gets the agent exactly once.
        ChildJvm.Result result = ChildJvm.app(ForkApp.class)
                .args("env", "JAVA_TOOL_OPTIONS", "NVRX_PARENT", "NVRX_PARENT_READS", "NVRX_LOG_DEBUG")
                .agentThroughJavaToolOptions().env("NVRX_LOG_DEBUG", "1").env("RANK", "3").run();
        String jto = envLine(result, "JAVA_TOOL_OPTIONS");
        assertThat(jto).isEqualTo("-javaagent:" + ChildJvm.agentJar());
        assertThat(envLine(result, "NVRX_PARENT")).matches("pid=\\d+,rank=3,node=.+");
        assertThat(envLine(result, "NVRX_PARENT_READS")).isEqualTo("stdout");
        assertThat(envLine(result, "NVRX_LOG_DEBUG")).isEqualTo("1");

        ChildJvm.Result other = ChildJvm.app(ForkApp.class).args("env", "JAVA_TOOL_OPTIONS")
                .jvmArg("-Dparent=1").env("JAVA_TOOL_OPTIONS", "-Dx=\"a b\" -Xss2m").run();
        assertThat(envLine(other, "JAVA_TOOL_OPTIONS")).isEqualTo("-Dx=\"a b\" -Xss2m -javaagent:" + ChildJvm.agentJar());
    }

    @Test
    void aChildStartedWithTheAgentSwitchedOffIsLeftAsItWasBuilt() throws Exception {
        // As the node aggregator is started: the starter sets NVRX_AGENT=off, and the child JVM
        // does not load the agent at all (before, it loaded it and found it switched off).
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("env", "JAVA_TOOL_OPTIONS", "NVRX_AGENT", "NVRX_PARENT")
                .jvmArg("-Dchild.nvrx.agent=off").env("RANK", "3").run();
        assertThat(envLine(result, "JAVA_TOOL_OPTIONS")).as(result.toString()).isEqualTo("null");
        assertThat(envLine(result, "NVRX_AGENT")).isEqualTo("off");
        assertThat(envLine(result, "NVRX_PARENT")).isEqualTo("null");
        assertThat(result.stdout + result.stderr).doesNotContain("Picked up JAVA_TOOL_OPTIONS");

        ChildJvm.Result byProperty = ChildJvm.app(ForkApp.class).args("env", "JAVA_TOOL_OPTIONS")
                .jvmArg("-Dchild.nvrx.agent.property=false").run();
        assertThat(envLine(byProperty, "JAVA_TOOL_OPTIONS")).as(byProperty.toString()).isEqualTo("null");
    }

    @Test
    void agentJarPathWithSpacesIsQuoted(@TempDir Path dir) throws Exception {
        Path spaced = Files.createDirectories(dir.resolve("with space"));
        Path jar = Files.copy(ChildJvm.agentJar(), spaced.resolve("nvrx-agent.jar"));
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("tree", "1").withoutAgent()
                .jvmArg("-javaagent:" + jar).env("RANK", "9").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message.replaceAll(" pid \\d+", ""))
                .contains("level 1", "level 2");
    }

    @Test
    void aVanishedAgentJarLeavesChildrenUnarmedButRunning(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(ChildJvm.agentJar(), dir.resolve("nvrx-agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        ChildJvm jvm = ChildJvm.app(ForkApp.class).args("env", "JAVA_TOOL_OPTIONS").withoutAgent()
                .jvmArg("-javaagent:" + jar).jvmArg("-Dwait.gone=" + jar);
        // Delete the jar once the agent runs: the JVM has it open, new children could not load it.
        Process process = jvm.processBuilder().redirectErrorStream(true).start();
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
        StringBuilder output = new StringBuilder();
        for (String line; (line = reader.readLine()) != null; ) {
            output.append(line).append('\n');
            if (line.equals("READY")) {
                Files.delete(jar);
            }
        }
        assertThat(process.waitFor()).isZero();
        assertThat(output.toString()).contains("ENV JAVA_TOOL_OPTIONS=null").contains("CHILD-EXIT|0")
                .contains("no longer exists; child JVMs are not armed");
    }

    @Test
    void childWithAClearedEnvironmentStillLogsWithTheParentsRanks() throws Exception {
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("cleared").env("RANK", "6").env("NVRX_NODE_ID", "nc").run();
        assertThat(result.stdoutLines()).contains("CHILD-EXIT|0");
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message + " " + r.ranks() + " " + r.node)
                .contains("leaf record workload:6(?) infra:?(?) nc", "leaf stderr line workload:6(?) infra:?(?) nc");
    }

    @Test
    void childWithAClearedEnvironmentSpoolsInItsParentsJobDirectory(@TempDir Path tmp) throws Exception {
        // Under SLURM the job directory comes from SLURM_JOB_ID/SLURM_STEP_ID, which a cleared
        // environment loses: the child spooled into the tmp dir itself, where no aggregator
        // runs, and its records never reached a node log (found in review, 2026-11-30).
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("cleared").env("NVRX_NODE_LOCAL_TMPDIR", tmp.toString())
                .env("SLURM_JOB_ID", "42").env("SLURM_STEP_ID", "0").env("RANK", "6").env("LOCAL_RANK", "0")
                .env("NVRX_NODE_ID", "nc").run();
        assertThat(result.stdoutLines()).as(result.toString()).contains("CHILD-EXIT|0");
        new io.nvrx.it.support.NodeLocalJob(tmp).awaitAggregatorStopped("slurm-42.0", 60);
        Path nodeLog = tmp.resolve("slurm-42.0").resolve("nvrx_log_nc.log");
        assertThat(Files.readString(nodeLog)).as(result.toString()).contains("leaf record").contains("leaf stderr line");
        assertThat(io.nvrx.it.support.NodeLocalJob.files(tmp)).as("nothing spooled outside the job's directory")
                .noneMatch(f -> f.endsWith(".bin") || f.endsWith(".live"));
    }

    @Test
    void nonJavaChildSeesOnlyTheVariable() throws Exception {
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("sh").run();
        assertThat(result.stdoutLines()).contains("JTO=-javaagent:" + ChildJvm.agentJar(), "CHILD-EXIT|0");
    }

    @Test
    void rearmingCanBeTurnedOff() throws Exception {
        ChildJvm.Result result = ChildJvm.app(ForkApp.class).args("env", "JAVA_TOOL_OPTIONS", "NVRX_PARENT")
                .env("NVRX_ARM_CHILDREN", "off").run();
        assertThat(result.stdoutLines()).contains("ENV JAVA_TOOL_OPTIONS=null", "ENV NVRX_PARENT=null");
    }

    @Test
    void loadedTwiceInstallsOnce() throws Exception {
        Path copy = Files.createTempFile("nvrx-agent-copy", ".jar");
        try {
            Files.copy(ChildJvm.agentJar(), copy, StandardCopyOption.REPLACE_EXISTING);
            ChildJvm.Result result = ChildJvm.app(io.nvrx.it.apps.JulApp.class).agentThroughJavaToolOptions()
                    .jvmArg("-javaagent:" + copy).run();
            assertThat(result.exitCode).isZero();
            List<NvrxLine> records = NvrxLine.all(result.stderrLines());
            assertThat(records.stream().filter(r -> r.message.equals("Training started")).count()).isEqualTo(1);
            assertThat(result.stderrLines()).noneMatch(l -> l.contains("nvrx-agent:"));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Test
    void setupApiReturnsTheSameLoggerUnlessForceReset() throws Exception {
        ChildJvm.Result result = ChildJvm.app(SetupApiApp.class).classPath(bootstrapClasses()).run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).contains("SAME true HANDLERS 1 AGENT true", "SAME-AFTER-RESET true HANDLERS 1");
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.level + " " + r.message)
                .containsExactly("INFO info before reset", "DEBUG debug after reset");
    }

    @Test
    void setupApiWorksWithoutTheAgent() throws Exception {
        ChildJvm.Result result = ChildJvm.app(SetupApiApp.class).withoutAgent().classPath(bootstrapClasses()).run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).contains("SAME true HANDLERS 1 AGENT false");
        assertThat(result.stderr).contains("info before reset").contains("debug after reset");
    }

    static String bootstrapClasses() {
        return Path.of(System.getProperty("nvrx.test.classes")).resolve("../../../bootstrap/target/classes")
                .normalize().toString();
    }

    private static String envLine(ChildJvm.Result result, String name) {
        String prefix = "ENV " + name + "=";
        return result.stdoutLines().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError(result.toString()));
    }
}
