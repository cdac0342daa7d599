package io.nvrx.it;

import io.nvrx.it.apps.JulApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Regular mode with java.util.logging and System.err, in real child JVMs with the built agent. */
class JulAndStderrTest {

    /** "message" -> "JulApp.java:NN", as the app announced it on stdout. */
    static Map<String, String> expectedSites(ChildJvm.Result result) {
        Map<String, String> sites = new LinkedHashMap<>();
        for (String line : result.stdoutLines()) {
            if (line.startsWith("EXPECT ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                sites.put(rest.substring(space + 1), rest.substring(0, space));
            }
        }
        return sites;
    }

    static List<String> programOutput(ChildJvm.Result result) {
        return result.stdoutLines().stream().filter(l -> !l.startsWith("EXPECT ")).collect(Collectors.toList());
    }

    static NvrxLine record(List<NvrxLine> records, String message) {
        return records.stream().filter(r -> r.message.equals(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no record '" + message + "' in " + records));
    }

    @Test
    void routesEachRecordOnceHoweverManyConsoleHandlersItReaches(@TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("capture.txt");
        ChildJvm.Result result = ChildJvm.app(io.nvrx.it.apps.JulStreamsApp.class).args(capture.toString()).run();

        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message).containsExactly(
                "one record, two console handlers",
                "one LogRecord object logged twice", "one LogRecord object logged twice",
                "into the app's own capture stream");
        // Known limit (README "Limits"): a ConsoleHandler made while System.err was the app's own
        // stream is routed like the others, so its records leave that stream.
        assertThat(Files.readString(capture)).doesNotContain("into the app's own capture stream");
    }

    @Test
    void rewritesEveryConsoleRecordAndKeepsProgramOutput() throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).args("3")
                .env("RANK", "3").env("LOCAL_RANK", "1").env("SLURM_PROCID", "7").env("SLURM_LOCALID", "1")
                .env("NVRX_NODE_ID", "node001").run();

        assertThat(result.exitCode).as(result.toString()).isEqualTo(3);
        assertThat(programOutput(result)).containsExactly("program output 1", "program output 2");
        Map<String, String> sites = expectedSites(result);
        List<String> err = result.stderrLines();
        List<NvrxLine> records = NvrxLine.all(err);

        assertThat(records).extracting(r -> r.message).containsExactly(
                "Training started", "GPU memory usage high", "Rank 0 failed",
                "parameter 42 formatted", "nvrx info", "plain stderr line", "java.lang.RuntimeException: printed");
        for (NvrxLine r : records) {
            assertThat(r.node).isEqualTo("node001");
            assertThat(r.ranks()).isEqualTo("workload:3(1) infra:7(1)");
            assertThat(r.file + ":" + r.line).as(r.message).isEqualTo(sites.get(r.message));
        }
        assertThat(record(records, "Training started").level).isEqualTo("INFO");
        assertThat(record(records, "GPU memory usage high").level).isEqualTo("WARNING");
        assertThat(record(records, "Rank 0 failed").level).isEqualTo("ERROR");
        assertThat(record(records, "plain stderr line").level).isEqualTo("INFO");
        assertThat(record(records, "java.lang.RuntimeException: printed").level).isEqualTo("ERROR");

        // Each stack trace follows its record's header line, as one record: no header in between.
        int failed = indexOfMessage(err, "Rank 0 failed");
        assertThat(err.get(failed + 1)).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(err.get(failed + 2)).startsWith("\tat io.nvrx.it.apps.JulApp.main(JulApp.java:");
        int printed = indexOfMessage(err, "java.lang.RuntimeException: printed");
        assertThat(err.get(printed + 1)).startsWith("\tat io.nvrx.it.apps.JulApp.main(JulApp.java:");
        // Nothing but records and their continuation lines on stderr: the console copies are gone.
        for (String line : err) {
            assertThat(NvrxLine.parse(line) != null || line.startsWith("\t") || line.startsWith("java.lang."))
                    .as("unexpected stderr line: " + line).isTrue();
        }
    }

    @Test
    void unknownRanksPrintAsQuestionMarksAndHostNameIsTheNode() throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).run();
        List<NvrxLine> records = NvrxLine.all(result.stderrLines());
        assertThat(records).isNotEmpty();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.ranks()).isEqualTo("workload:?(?) infra:?(?)");
            assertThat(r.node).isEqualTo(host);
        });
    }

    @Test
    void logToStdoutSendsEveryRecordToStdout() throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).env("NVRX_LOG_TO_STDOUT", "yes").run();
        assertThat(NvrxLine.all(result.stderrLines())).isEmpty();
        List<NvrxLine> records = NvrxLine.all(result.stdoutLines());
        assertThat(records).extracting(r -> r.message).contains("Training started", "plain stderr line", "nvrx info");
        // Program output keeps its place around the records.
        List<String> out = result.stdoutLines();
        assertThat(out.indexOf("program output 1")).isLessThan(indexOfMessage(out, "Training started"));
        assertThat(out.indexOf("program output 2")).isGreaterThan(indexOfMessage(out, "plain stderr line"));
    }

    @Test
    void nvrxLoggerPrintsDebugOnlyWithNvrxLogDebug() throws Exception {
        List<NvrxLine> quiet = NvrxLine.all(ChildJvm.app(JulApp.class).run().stderrLines());
        assertThat(quiet).extracting(r -> r.message).contains("nvrx info").doesNotContain("nvrx debug");

        List<NvrxLine> debug = NvrxLine.all(ChildJvm.app(JulApp.class).env("NVRX_LOG_DEBUG", "on").run().stderrLines());
        assertThat(record(debug, "nvrx debug").level).isEqualTo("DEBUG");
        // The app's own loggers keep the app's configuration: FINE stays filtered by the console handler.
        assertThat(debug).extracting(r -> r.message).doesNotContain("fine is below the console's INFO level");
    }

    @Test
    void armedThroughJavaToolOptionsBehavesTheSame() throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).agentThroughJavaToolOptions().env("RANK", "2").run();
        assertThat(result.exitCode).isZero();
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message)
                .contains("Training started", "plain stderr line");
        assertThat(NvrxLine.all(result.stderrLines())).allSatisfy(r -> assertThat(r.rank).isEqualTo("2"));
    }

    @Test
    void appsOwnLogFileIsUnchanged(@TempDir Path dir) throws Exception {
        Path withAgent = dir.resolve("with.log");
        Path without = dir.resolve("without.log");
        ChildJvm.Result a = ChildJvm.app(JulApp.class).args("0", withAgent.toString()).run();
        ChildJvm.Result b = ChildJvm.app(JulApp.class).withoutAgent().args("0", without.toString()).run();
        assertThat(a.exitCode).isZero();
        assertThat(b.exitCode).isZero();
        // SimpleFormatter lines carry the time; compare everything else.
        assertThat(withoutTimes(Files.readAllLines(withAgent))).isEqualTo(withoutTimes(Files.readAllLines(without)));
        assertThat(Files.readAllLines(withAgent)).anyMatch(l -> l.contains("Training started"));
    }

    @Test
    void aSamplingFilterOnTheConsoleIsAskedOncePerRecord() throws Exception {
        ChildJvm.Result result = ChildJvm.app(io.nvrx.it.apps.JulEdgeApp.class).args("sampling").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.message).as(result.toString())
                .containsExactly("record 2", "record 4");
        assertThat(result.stdoutLines()).contains("FILTER CALLS 4");
    }

    @Test
    void aMemoryHandlerPushingRecordsWithOneMessageLosesNone() throws Exception {
        ChildJvm.Result result = ChildJvm.app(io.nvrx.it.apps.JulEdgeApp.class).args("memory").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(NvrxLine.all(result.stderrLines())).extracting(r -> r.level + " " + r.message).as(result.toString())
                .containsExactly("INFO tick", "INFO tick", "INFO tick", "ERROR tick");
    }

    @Test
    void killSwitchLeavesTheProcessExactlyAsWithoutTheAgent() throws Exception {
        ChildJvm.Result off = ChildJvm.app(JulApp.class).env("NVRX_AGENT", "off").args("5").run();
        ChildJvm.Result none = ChildJvm.app(JulApp.class).withoutAgent().args("5").run();
        assertThat(off.exitCode).isEqualTo(5);
        assertThat(off.stdout).isEqualTo(none.stdout);
        assertThat(withoutTimes(off.stderrLines())).isEqualTo(withoutTimes(none.stderrLines()));
        // The same switch as an agent argument (it used to be ignored), and an empty
        // -Dnvrx.agent= no longer hides NVRX_AGENT=off.
        for (ChildJvm jvm : List.of(ChildJvm.app(JulApp.class).agentArgs("agent=off").args("5"),
                ChildJvm.app(JulApp.class).jvmArg("-Dnvrx.agent=").env("NVRX_AGENT", "off").args("5"))) {
            ChildJvm.Result result = jvm.run();
            assertThat(result.exitCode).isEqualTo(5);
            assertThat(withoutTimes(result.stderrLines())).as(result.toString()).isEqualTo(withoutTimes(none.stderrLines()));
        }
    }

    @Test
    void badValuesWarnOnceAndUseDefaults() throws Exception {
        ChildJvm.Result result = ChildJvm.app(JulApp.class).args("4")
                .env("NVRX_LOG_DEBUG", "maybe").env("RANK", "abc").env("SLURM_PROCID", "-1")
                .env("NVRX_LOG_TO_STDOUT", " ").agentArgs("nonsense,rank").run();
        assertThat(result.exitCode).isEqualTo(4);
        List<String> warnings = result.stderrLines().stream().filter(l -> l.startsWith("nvrx-agent:"))
                .collect(Collectors.toList());
        assertThat(warnings).anyMatch(w -> w.contains("NVRX_LOG_DEBUG=maybe"))
                .anyMatch(w -> w.contains("RANK=abc"))
                .anyMatch(w -> w.contains("SLURM_PROCID=-1"))
                .anyMatch(w -> w.contains("NVRX_LOG_TO_STDOUT is empty"))
                .anyMatch(w -> w.contains("'nonsense'"));
        assertThat(warnings.stream().filter(w -> w.contains("RANK=abc")).count()).isEqualTo(1);
        List<NvrxLine> records = NvrxLine.all(result.stderrLines());
        assertThat(records).extracting(r -> r.message).contains("Training started").doesNotContain("nvrx debug");
        assertThat(records).allSatisfy(r -> assertThat(r.ranks()).isEqualTo("workload:?(?) infra:?(?)"));
    }

    @Test
    void runsOnJava25() throws Exception {
        String java25 = ChildJvm.java25Home();
        org.junit.jupiter.api.Assumptions.assumeTrue(java25 != null, "no Java 25 installed");
        ChildJvm.Result result = ChildJvm.app(JulApp.class).javaHome(java25).env("RANK", "1").args("0").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        Map<String, String> sites = expectedSites(result);
        List<NvrxLine> records = NvrxLine.all(result.stderrLines());
        assertThat(records).extracting(r -> r.message).contains("Training started", "Rank 0 failed", "plain stderr line");
        assertThat(record(records, "Training started").file + ":" + record(records, "Training started").line)
                .isEqualTo(sites.get("Training started"));
        assertThat(result.stderr).doesNotContain("Sharing is only supported");
    }

    @Test
    void agentNeverInitialisesTheLogManagerBeforeMain() throws Exception {
        ChildJvm.Result result = ChildJvm.app(io.nvrx.it.apps.CustomLogManagerApp.class).run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).contains("MANAGER io.nvrx.it.apps.CustomLogManagerApp$AppLogManager");
        Map<String, String> sites = expectedSites(result);
        NvrxLine r = record(NvrxLine.all(result.stderrLines()), "after custom manager");
        assertThat(r.file + ":" + r.line).isEqualTo(sites.get("after custom manager"));
    }

    static int indexOfMessage(List<String> lines, String message) {
        for (int i = 0; i < lines.size(); i++) {
            NvrxLine parsed = NvrxLine.parse(lines.get(i));
            if (parsed != null && parsed.message.equals(message)) {
                return i;
            }
        }
        throw new AssertionError("no record '" + message + "' in " + lines);
    }

    static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}[,.]?\\d*", "<time>")
                .replaceAll("[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M", "<time>"))
                .collect(Collectors.toList());
    }
}
