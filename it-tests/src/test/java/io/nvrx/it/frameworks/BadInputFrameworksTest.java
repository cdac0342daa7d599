package io.nvrx.it.frameworks;

import io.nvrx.it.support.FrameworkCase;
import io.nvrx.it.support.Records;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile events through each framework's console hook: a 1 MiB message, a carriage return, a
 * NUL and a lone surrogate, a null message, a throwable whose toString() throws, a cyclic cause
 * chain. Each is one correct record (or a clear placeholder), the app finishes in time.
 */
class BadInputFrameworksTest {
    static Stream<FrameworkCase> cases() {
        return Stream.of(
                FrameworkCase.logback("logback", "logback-sync.xml", "System.out", false),
                FrameworkCase.logback("logback-old", "logback-async.xml", "System.out", true),
                FrameworkCase.log4j2("log4j2", "log4j2-sync.xml", "SYSTEM_OUT", true),
                FrameworkCase.log4j1("reload4j", "System.out"),
                FrameworkCase.jboss("jboss", "SYSTEM_OUT"),
                FrameworkCase.slf4jSimple("slf4j-simple", "System.out"));
    }

    /**
     * A logger used before any configuration: Logback falls back to its basic console
     * configuration (DEBUG, standard output), and those events are routed like any other.
     * (Log4j1App logs its first event before configuring Log4j 1, which drops it with a warning:
     * see ConsoleFrameworksTest.)
     */
    @org.junit.jupiter.api.Test
    void unconfiguredLogbackIsRoutedToo() throws Exception {
        FrameworkCase unconfigured = FrameworkCase.slf4jSimple("logback", null); // Slf4jApp, no properties
        FrameworkRun run = FrameworkRun.of(unconfigured, true, null, jvm -> jvm, "0");
        assertThat(run.result.exitCode).as(run.toString()).isZero();
        assertThat(run.out.messages()).as(run.toString()).containsExactly("Training started", "GPU memory usage high",
                "debug below the console threshold", "Rank 0 failed", "parameter 42 formatted",
                "noisy logger with its own console", "from another thread");
        assertThat(run.out.only("debug below the console threshold").header.level).isEqualTo("DEBUG");
        assertThat(run.out.only("Training started").site()).isEqualTo(run.out.expectedSites.get("Training started"));
        assertThat(run.err.records).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileEventsBecomeCorrectRecords(FrameworkCase c) throws Exception {
        FrameworkRun run = FrameworkRun.of(c, true, null, jvm -> jvm.timeoutSeconds(60), "0", "bad");

        assertThat(run.result.exitCode).as(run.toString()).isZero();
        assertThat(run.out.programOutput).containsExactly("program output 1", "program output 2");
        Records records = run.out;
        String site;

        Records.Record huge = records.startingWith("huge:");
        assertThat(huge.message()).hasSize(5 + (1 << 20)).matches("huge:x+");
        assertThat(huge.site()).isEqualTo(records.expectedSites.get("huge"));

        Records.Record controls = records.startingWith("cr");
        assertThat(controls.message()).isEqualTo("cr\\x0dnul\\x00lone\\ud800surrogate");
        assertThat(controls.header.level).isEqualTo("WARNING");

        site = records.expectedSites.get("null");
        String nullSite = site;
        assertThat(records.records).anyMatch(r -> r.message().equals("null") && r.site().equals(nullSite));

        Records.Record evil = records.only("evil throwable");
        assertThat(evil.continuation.get(0)).isEqualTo(
                "io.nvrx.it.apps.frameworks.Failures$EvilException: <toString() threw java.lang.UnsupportedOperationException>");
        assertThat(evil.continuation.get(1)).startsWith("\tat io.nvrx.it.apps.frameworks.Failures.evil(");

        Records.Record cyclic = records.only("cyclic cause");
        List<String> trace = cyclic.continuation;
        assertThat(trace.get(0)).isEqualTo("java.lang.RuntimeException: cycle a");
        assertThat(trace).contains("Caused by: java.lang.RuntimeException: cycle b",
                "Caused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: cycle a]");
        assertThat(cyclic.site()).isEqualTo(records.expectedSites.get("cyclic"));
    }
}
