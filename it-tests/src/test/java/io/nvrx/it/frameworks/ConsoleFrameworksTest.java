package io.nvrx.it.frameworks;

import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.FrameworkCase;
import io.nvrx.it.support.Records;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every framework configuration, on Java 17 and on Java 25, in a real child JVM with the built
 * agent and only that framework's jars: each event the configuration's consoles print is one
 * NVRx record on the console's stream, with its level, the caller's file:line and the ranks;
 * the console copies are gone; the app's own log file is byte for byte what it is without
 * the agent; the exit code and program output are unchanged. The same case run without the
 * agent is the oracle that the consoles really print these events (and print the noisy
 * logger's event twice: two consoles, additivity).
 */
class ConsoleFrameworksTest {
    static final List<FrameworkCase> CASES = List.of(
            FrameworkCase.logback("logback", "logback-sync.xml", "System.out", false),
            FrameworkCase.logback("logback", "logback-sync.xml", "System.err", false),
            FrameworkCase.logback("logback", "logback-async.xml", "System.out", true),
            FrameworkCase.logback("logback-old", "logback-sync.xml", "System.out", false),
            FrameworkCase.logback("logback-old", "logback-async.xml", "System.err", true),
            FrameworkCase.log4j2("log4j2", "log4j2-sync.xml", "SYSTEM_OUT", false),
            FrameworkCase.log4j2("log4j2", "log4j2-sync.xml", "SYSTEM_ERR", false),
            FrameworkCase.log4j2("log4j2", "log4j2-async.xml", "SYSTEM_OUT", false),
            FrameworkCase.log4j2("log4j2", "log4j2-sync.xml", "SYSTEM_OUT", true),
            FrameworkCase.log4j2("log4j2-old", "log4j2-sync.xml", "SYSTEM_ERR", false),
            FrameworkCase.log4j2("log4j2-old", "log4j2-sync.xml", "SYSTEM_OUT", true),
            FrameworkCase.log4j1("log4j1", "System.out"),
            FrameworkCase.log4j1("reload4j", "System.err"),
            FrameworkCase.jboss("jboss", "SYSTEM_OUT"),
            FrameworkCase.jboss("jboss-old", "SYSTEM_ERR"),
            FrameworkCase.slf4jSimple("slf4j-simple", null),
            FrameworkCase.slf4jSimple("slf4j-simple", "System.out"),
            FrameworkCase.slf4jSimple("slf4j-simple-old", null));

    /** Each case without the agent, run once (on Java 17) for both Java versions' runs. */
    private static final Map<String, CompletableFuture<FrameworkRun>> WITHOUT_AGENT = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (FrameworkCase c : CASES) {
            all.add(Arguments.of(c, 17));
            all.add(Arguments.of(c, 25));
        }
        return all.stream();
    }

    static FrameworkRun withoutAgent(FrameworkCase c) {
        return WITHOUT_AGENT.computeIfAbsent(c.name, name -> CompletableFuture.supplyAsync(() -> {
            try {
                return FrameworkRun.of(c, false, null, jvm -> jvm, "3");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).join();
    }

    static String javaHome(int version) {
        if (version == 17) {
            return null;
        }
        String home = ChildJvm.java25Home();
        Assumptions.assumeTrue(home != null, "no Java 25 installed");
        return home;
    }

    @ParameterizedTest(name = "{0} on Java {1}")
    @MethodSource("cases")
    void consoleEventsAreRoutedOnceAndNothingElseChanges(FrameworkCase c, int java) throws Exception {
        FrameworkRun run = FrameworkRun.of(c, true, javaHome(java), jvm -> jvm, "3");
        FrameworkRun plain = withoutAgent(c);

        assertThat(run.result.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out.programOutput).as(run.toString()).containsExactly("program output 1", "program output 2");
        assertThat(run.err.programOutput).isEmpty();
        assertThat(run.result.stderrLines()).as("the agent's own warnings").noneMatch(l -> l.startsWith("nvrx-agent:"));
        assertThat(jvmWarningsAside(run.out.other)).as(run.toString()).isEmpty();
        assertThat(jvmWarningsAside(run.err.other)).as(run.toString()).isEmpty();

        Records mine = run.on(c.stream);
        List<Records.Record> records = appRecords(mine);
        List<String> messages = records.stream().map(Records.Record::message).collect(Collectors.toList());
        if (c.async) {
            assertThat(messages).as(run.toString()).containsExactlyInAnyOrderElementsOf(c.consoleMessages);
        } else {
            assertThat(messages).as(run.toString()).containsExactlyElementsOf(c.consoleMessages);
        }
        assertThat(appRecords(run.other(c.stream))).as("records on the other stream\n" + run).isEmpty();

        Map<String, String> sites = run.out.expectedSites;
        for (Records.Record r : records) {
            assertThat(r.site()).as(r.message()).isEqualTo(sites.get(r.message()));
            assertThat(r.header.ranks()).isEqualTo("workload:3(1) infra:7(1)");
            assertThat(r.header.node).isEqualTo("node001");
            assertThat(r.header.level).as(r.message()).isEqualTo(expectedLevel(r.message()));
            if (!r.message().equals("Rank 0 failed")) {
                assertThat(r.continuation).as(r.message() + "\n" + run).isEmpty();
            }
        }
        List<String> trace = mine.only("Rank 0 failed").continuation;
        assertThat(trace.get(0)).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(trace).contains("\tSuppressed: java.lang.IllegalArgumentException: cleanup failed",
                "Caused by: java.lang.RuntimeException: root cause");

        // The console copies are gone: each message is on one line besides its EXPECT line.
        for (String message : c.consoleMessages) {
            assertThat(run.allLines().stream().filter(l -> l.endsWith(message) && !l.startsWith("EXPECT ")).count())
                    .as(message + "\n" + run).isEqualTo(1);
        }
        // Filtered stays filtered (console filters and levels, Log4j 2 appender-ref levels).
        assertThat(run.allLines()).noneMatch(l -> l.contains(" below "));

        // Without the agent the consoles print exactly these events (the noisy one twice where the
        // configuration gives it two consoles), and the app's log file is the same, byte for byte.
        for (String message : c.consoleMessages) {
            long copies = plain.allLines().stream().filter(l -> l.contains(message) && !l.startsWith("EXPECT ")).count();
            assertThat(copies).as(message + " without the agent\n" + plain)
                    .isEqualTo(message.startsWith("noisy") && !c.jars.startsWith("slf4j-simple") ? 2 : 1);
        }
        assertThat(plain.result.exitCode).isEqualTo(3);
        if (c.hasFile) {
            assertThat(run.appLog).contains("debug below the console threshold", "Training started");
            assertThat(run.appLog).isEqualTo(plain.appLog);
        }
    }

    /** The JVM's own warnings (Java 25 on sun.misc.Unsafe, used by old LMAX Disruptors) are not the app's output. */
    static List<String> jvmWarningsAside(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("WARNING: ")).collect(Collectors.toList());
    }

    /** Records of the app's loggers: Log4j 1 also prints its own "log4j:WARN" lines on stderr. */
    static List<Records.Record> appRecords(Records records) {
        return records.records.stream().filter(r -> !r.message().startsWith("log4j:WARN")).collect(Collectors.toList());
    }

    static String expectedLevel(String message) {
        switch (message) {
            case "GPU memory usage high": return "WARNING";
            case "Rank 0 failed": return "ERROR";
            case "fatal is critical": return "CRITICAL";
            default: return "INFO";
        }
    }
}
