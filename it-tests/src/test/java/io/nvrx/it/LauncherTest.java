package io.nvrx.it;

import io.nvrx.it.apps.RankApp;
import io.nvrx.it.support.AgentJarTool;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar nvrx-agent.jar launch}: real JVM ranks, armed by the launcher. */
class LauncherTest {
    static List<String> launch(String... launcherArgs) {
        return new ArrayList<>(List.of(launcherArgs));
    }

    static ChildJvm.Result run(Map<String, String> env, List<String> launcherArgs, String... appArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("launch"));
        args.addAll(launcherArgs);
        args.add("--");
        args.addAll(AgentJarTool.appCommand(RankApp.class, appArgs));
        return AgentJarTool.run(env, 90, args);
    }

    @Test
    void threeRanksEachWithItsOwnRankFields() throws Exception {
        ChildJvm.Result r = run(Map.of("NVRX_NODE_ID", "local"), launch("--nproc", "3"));
        assertThat(r.exitCode).as(r.toString()).isZero();
        List<NvrxLine> records = NvrxLine.all(r.stderrLines());
        for (int rank = 0; rank < 3; rank++) {
            String message = "rank " + rank + " of 3 started";
            List<NvrxLine> mine = records.stream().filter(l -> l.message.equals(message)).collect(Collectors.toList());
            assertThat(mine).as(r.toString()).hasSize(1);
            assertThat(mine.get(0).ranks()).isEqualTo("workload:" + rank + "(" + rank + ") infra:?(?)");
            assertThat(mine.get(0).node).isEqualTo("local");
            assertThat(mine.get(0).file).isEqualTo("RankApp.java");
        }
        assertThat(records).extracting(l -> l.message).contains("rank 0 done", "rank 1 done", "rank 2 done");
    }

    @Test
    void aFailingRanksExitCodeWinsAndTheOthersAreStopped() throws Exception {
        ChildJvm.Result r = run(Map.of(), launch("--nproc", "3", "--grace", "5"), "fail=1:7", "hang=2");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(7);
        assertThat(r.stderr).contains("nvrx launch: rank 1 exited with 7; stopping the");
        assertThat(NvrxLine.all(r.stderrLines())).anySatisfy(l -> {
            assertThat(l.message).isEqualTo("rank 1 fails");
            assertThat(l.level).isEqualTo("ERROR");
            assertThat(l.rank).isEqualTo("1");
        });
    }

    @Test
    void aHungRankIsStoppedAtTheTimeOut() throws Exception {
        ChildJvm.Result r = run(Map.of(), launch("--nproc", "2", "--timeout", "8", "--grace", "10"), "hang=1");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(124);
        // Rank 1 hangs; on a loaded machine rank 0 may not have finished starting yet either.
        assertThat(r.stderr).containsPattern("time-out after 8.0 s; rank\\(s\\) \\[(0, )?1\\] still running");
    }

    @Test
    void sigtermToTheLauncherStopsEveryRank(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(AgentJarTool.java(), "-XX:TieredStopAtLevel=1", "-jar",
                ChildJvm.agentJar().toString(), "launch", "--nproc", "2", "--grace", "10", "--"));
        command.addAll(AgentJarTool.appCommand(RankApp.class, "hang=0", "hang=1"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("NVRX_THREAD_DUMP_ON_TERM", "1");
        java.nio.file.Path err = dir.resolve("err.txt");
        builder.redirectErrorStream(true).redirectOutput(err.toFile());
        Process launcher = builder.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (countHangs(err) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(countHangs(err)).as(java.nio.file.Files.readString(err)).isEqualTo(2);
            List<ProcessHandle> ranks = launcher.descendants().collect(Collectors.toList());
            assertThat(ranks).hasSizeGreaterThanOrEqualTo(2);
            launcher.destroy(); // SIGTERM, as a scheduler stopping the job sends
            assertThat(launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(143);
            assertThat(ranks).noneMatch(ProcessHandle::isAlive);
            List<NvrxLine> dumps = NvrxLine.all(java.nio.file.Files.readAllLines(err)).stream()
                    .filter(l -> l.message.startsWith("SIGTERM received: thread dump")).collect(Collectors.toList());
            assertThat(dumps).extracting(l -> l.rank).containsExactlyInAnyOrder("0", "1");
            assertThat(dumps).allSatisfy(l -> {
                assertThat(l.level).isEqualTo("ERROR");
                assertThat(l.file + ":" + l.line).isEqualTo("SIGTERM:0");
            });
            // Each dump is one record: its lines follow the header; the hung main thread, its lock shown.
            List<String> lines = java.nio.file.Files.readAllLines(err);
            for (int i = 0; i < lines.size(); i++) {
                NvrxLine l = NvrxLine.parse(lines.get(i));
                if (l == null || !l.message.startsWith("SIGTERM received")) {
                    continue;
                }
                int end = i + 1;
                while (end < lines.size() && NvrxLine.parse(lines.get(end)) == null) {
                    end++;
                }
                String dump = String.join("\n", lines.subList(i + 1, end));
                assertThat(dump).contains("\"main\" #1").contains("\tat java.lang.Thread.sleep(Native Method)")
                        .contains("\tat io.nvrx.it.apps.RankApp.hang(RankApp.java:").contains("\t- locked java.lang.Object@");
            }
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static long countHangs(java.nio.file.Path file) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(file).stream().filter(l -> l.endsWith(" hangs")).count();
    }

    @Test
    void aCommandThatDoesNotExist() throws Exception {
        ChildJvm.Result r = AgentJarTool.run(Map.of(), 60,
                List.of("launch", "--nproc", "2", "--", "/no/such/launcher-command", "x"));
        assertThat(r.exitCode).isEqualTo(127);
        assertThat(r.stderr).contains("nvrx launch: cannot start '/no/such/launcher-command': No such file or directory");
    }
}
