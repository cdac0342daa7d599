package io.nvrx.agent.cli;

import io.nvrx.bootstrap.fork.JavaToolOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher with plain shell commands; it-tests run it with real JVM ranks and the agent. */
class LaunchCommandTest {
    @TempDir
    Path dir;

    Path fakeJar() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("with space")).resolve("nvrx-agent.jar");
        Files.write(jar, new byte[] {1});
        return jar;
    }

    @Test
    void setsRankVariablesAndArmsTheAgentOnce() throws Exception {
        Path jar = fakeJar();
        LogFiles.Run r = LogFiles.run("launch", "--nproc", "3", "--agent-jar", jar.toString(), "--tmpdir", "spool",
                "--", "sh", "-c", "echo \"$RANK $LOCAL_RANK $WORLD_SIZE $LOCAL_WORLD_SIZE|$JAVA_TOOL_OPTIONS|"
                        + "$NVRX_NODE_LOCAL_TMPDIR\" > " + dir + "/rank$RANK.txt");
        assertThat(r.code).as(r.toString()).isZero();
        for (int rank = 0; rank < 3; rank++) {
            String line = Files.readString(dir.resolve("rank" + rank + ".txt")).trim();
            String[] parts = line.split("\\|");
            assertThat(parts[0]).isEqualTo(rank + " " + rank + " 3 3");
            assertThat(JavaToolOptions.agentJars(parts[1])).containsExactly(jar.toString());
            assertThat(parts[1]).contains("\"-javaagent:" + jar + "\"");
            assertThat(parts[2]).isEqualTo(new File("spool").getAbsolutePath());
        }
    }

    @Test
    void theFirstFailureWinsAndStopsTheOthers() throws Exception {
        long start = System.nanoTime();
        LogFiles.Run r = LogFiles.run("launch", "--nproc", "3", "--no-agent", "--grace", "5", "--",
                "sh", "-c", "if [ $RANK = 1 ]; then exit 3; fi; sleep 30");
        assertThat(r.code).as(r.toString()).isEqualTo(3);
        assertThat(r.err).contains("rank 1 exited with 3; stopping the 2 other rank(s)");
        assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(20);

        LogFiles.Run all = LogFiles.run("launch", "--nproc", "2", "--no-agent", "--keep-going", "--",
                "sh", "-c", "exit $((RANK + 4))");
        assertThat(all.code).isIn(4, 5); // whichever was seen failing first
    }

    @Test
    void timeOutStopsHungRanks() {
        LogFiles.Run r = LogFiles.run("launch", "--nproc", "2", "--no-agent", "--timeout", "0.5", "--grace", "2", "--",
                "sh", "-c", "if [ $RANK = 0 ]; then exit 0; fi; sleep 30");
        assertThat(r.code).as(r.toString()).isEqualTo(124);
        assertThat(r.err).contains("time-out after 0.5 s; rank(s) [1] still running");
    }

    @Test
    void missingOrUnrunnableCommand() throws Exception {
        LogFiles.Run missing = LogFiles.run("launch", "--nproc", "2", "--no-agent", "--", "no-such-command-xyz", "a");
        assertThat(missing.code).isEqualTo(127);
        assertThat(missing.err).contains("cannot start 'no-such-command-xyz'").contains("No such file or directory");
        Path notExecutable = Files.write(dir.resolve("script.sh"), "echo hi".getBytes());
        LogFiles.Run cannot = LogFiles.run("launch", "--nproc", "1", "--no-agent", "--", notExecutable.toString());
        assertThat(cannot.code).isEqualTo(126);
        assertThat(cannot.err).contains("Permission denied");
    }

    @Test
    void usageErrors() {
        assertThat(LogFiles.run("launch", "--", "true").err).contains("--nproc N is required");
        assertThat(LogFiles.run("launch", "--nproc", "0", "--", "true").code).isEqualTo(NvrxMain.USAGE);
        assertThat(LogFiles.run("launch", "--nproc", "2").err).contains("no command given");
        assertThat(LogFiles.run("launch", "--nproc", "2", "--", "true").err).contains("cannot find the agent jar");
        // --help after the command belongs to the command
        assertThat(LogFiles.run("launch", "--nproc", "1", "--no-agent", "true", "--help").code).isZero();
        assertThat(LogFiles.run("launch", "--help").out).contains("usage: java -jar nvrx-agent.jar launch");
    }

    @Test
    void javaToolOptionsAreExtendedNeverDuplicated() throws Exception {
        File jar = fakeJar().toFile();
        assertThat(JavaToolOptions.withAgent(null, jar)).isEqualTo("\"-javaagent:" + jar + "\"");
        assertThat(JavaToolOptions.withAgent("-Xmx1g -Dx='a b'", jar)).isEqualTo("-Xmx1g -Dx='a b' \"-javaagent:" + jar + "\"");
        String armed = "-Xmx1g '-javaagent:" + jar + "=log_debug=1'";
        assertThat(JavaToolOptions.withAgent(armed, jar)).isEqualTo(armed);
        assertThat(JavaToolOptions.withAgent("-javaagent:/elsewhere/nvrx-agent-0.1.jar", jar))
                .isEqualTo("-javaagent:/elsewhere/nvrx-agent-0.1.jar");
        assertThat(JavaToolOptions.split("-a \"b c\" 'd \"e\"'  f")).isEqualTo(List.of("-a", "b c", "d \"e\"", "f"));
    }
}
