package io.nvrx.it.frameworks;

import io.nvrx.it.apps.RouteAllFilterApp;
import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.FrameworkCase;
import io.nvrx.it.support.Records;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** NVRX_ROUTE_ALL_LEVEL: every event at or above the level is routed, whatever its appenders, once. */
class RouteAllLevelTest {

    /** Logback writing to a file only: WARNING and above become records on stderr; the file is untouched. */
    @Test
    void routesEventsThatReachNoConsole() throws Exception {
        FrameworkCase fileOnly = FrameworkCase.logback("logback", "logback-file-only.xml", "System.out", false);
        FrameworkRun run = FrameworkRun.of(fileOnly, true, null, jvm -> jvm.env("NVRX_ROUTE_ALL_LEVEL", "warning"), "0");
        FrameworkRun plain = FrameworkRun.of(fileOnly, false, null, jvm -> jvm, "0");

        assertThat(run.result.exitCode).as(run.toString()).isZero();
        assertThat(run.out.records).isEmpty();
        assertThat(run.err.messages()).as(run.toString()).containsExactly("GPU memory usage high", "Rank 0 failed");
        assertThat(run.err.only("GPU memory usage high").header.level).isEqualTo("WARNING");
        assertThat(run.err.only("Rank 0 failed").site()).isEqualTo(run.out.expectedSites.get("Rank 0 failed"));
        assertThat(run.err.only("Rank 0 failed").continuation).contains("Caused by: java.lang.RuntimeException: root cause");
        assertThat(plain.result.stdoutLines().stream().filter(l -> l.contains("Training started") && !l.startsWith("EXPECT"))
                .collect(Collectors.toList())).isEmpty();
        assertThat(run.appLog).isEqualTo(plain.appLog).contains("INFO|app.train|main|Training started");
    }

    /**
     * Log4j 2 all-async with consoles: ERROR and above are routed where they enter the
     * configuration (to stderr), their console copies are recognised as the same events; the
     * rest is routed by the console as usual (stdout).
     */
    @Test
    void routedEventsAreNotRoutedAgainByTheirConsole() throws Exception {
        FrameworkCase allAsync = FrameworkCase.log4j2("log4j2", "log4j2-sync.xml", "SYSTEM_OUT", true);
        FrameworkRun run = FrameworkRun.of(allAsync, true, null, jvm -> jvm.env("NVRX_ROUTE_ALL_LEVEL", "ERROR"), "0");

        assertThat(run.result.exitCode).as(run.toString()).isZero();
        assertThat(run.err.messages()).as(run.toString()).containsExactly("Rank 0 failed", "fatal is critical");
        assertThat(run.out.messages()).as(run.toString()).containsExactlyInAnyOrder("Training started",
                "GPU memory usage high", "parameter 42 formatted", "noisy logger with its own console", "from another thread");
        for (Records.Record r : run.err.records) {
            assertThat(r.site()).isEqualTo(run.out.expectedSites.get(r.message()));
        }
    }

    /** A record the logger's own filter rejects is not routed either (JUL, then Log4j 2). */
    @Test
    void aRecordTheLoggersOwnFilterRejectsIsNotRouted() throws Exception {
        ChildJvm.Result jul = ChildJvm.app(RouteAllFilterApp.class).env("NVRX_ROUTE_ALL_LEVEL", "warning").run();
        assertThat(jul.exitCode).as(jul.toString()).isZero();
        assertThat(jul.stderr).as(jul.toString()).contains("disk almost full").doesNotContain("password");

        FrameworkCase filtered = FrameworkCase.log4j2("log4j2", "log4j2-logger-filter.xml", "SYSTEM_OUT", false);
        FrameworkRun run = FrameworkRun.of(filtered, true, null, jvm -> jvm.env("NVRX_ROUTE_ALL_LEVEL", "WARNING"), "0");
        assertThat(run.result.exitCode).as(run.toString()).isZero();
        assertThat(run.err.messages()).as(run.toString()).contains("Rank 0 failed").doesNotContain("GPU memory usage high");
        assertThat(run.out.messages()).as(run.toString()).contains("Training started").doesNotContain("GPU memory usage high");
    }

    @Test
    void aValueThatIsNoLevelWarnsAndLeavesTheOptionOff() throws Exception {
        FrameworkCase fileOnly = FrameworkCase.logback("logback", "logback-file-only.xml", "System.out", false);
        FrameworkRun run = FrameworkRun.of(fileOnly, true, null, jvm -> jvm.env("NVRX_ROUTE_ALL_LEVEL", "loud"), "0");
        List<String> warnings = run.result.stderrLines().stream().filter(l -> l.startsWith("nvrx-agent:"))
                .collect(Collectors.toList());
        assertThat(warnings).hasSize(1).allMatch(w -> w.contains("NVRX_ROUTE_ALL_LEVEL=loud"));
        assertThat(run.err.records).isEmpty();
        assertThat(run.out.records).isEmpty();
    }
}
