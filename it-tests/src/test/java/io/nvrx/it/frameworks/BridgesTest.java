package io.nvrx.it.frameworks;

import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.FrameworkCase;
import io.nvrx.it.support.Records;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facades and bridges in front of the two big frameworks: each call is one record, whatever
 * the chain, never two and never a loop; the bridged framework's file is unchanged.
 */
class BridgesTest {

    /**
     * JUL (through jul-to-slf4j, with the JDK's ConsoleHandler still on the root logger),
     * log4j-api (log4j-to-slf4j), JCL (jcl-over-slf4j), the Log4j 1 API (log4j-over-slf4j) and
     * SLF4J, all into Logback. Without the agent each JUL record prints twice.
     */
    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void chainsIntoLogbackRouteEachCallOnce(int java) throws Exception {
        List<String> props = List.of(
                "-Djava.util.logging.config.file=" + ChildJvm.testResource("frameworks/bridges-logging.properties"),
                "-Dlogback.configurationFile=" + ChildJvm.testResource("frameworks/bridges-logback.xml"));
        String[] args = {"4", "jul", "log4j2", "jcl", "log4j1", "slf4j"};
        Runs runs = run("bridges-to-logback", props, java, args);

        if (runs.plain != null) {
            assertThat(runs.plain.stream().filter(l -> l.endsWith("via jul") && !l.startsWith("EXPECT ")).count())
                    .as("without the agent").isEqualTo(2);
        }
        // The JUL record is routed by the JDK's ConsoleHandler (stderr), which runs first; the
        // copy Logback gets through jul-to-slf4j is recognised as the same event.
        assertThat(runs.err.messages()).containsExactly("via jul");
        assertThat(runs.out.messages()).containsExactly("via log4j2 api", "via jcl", "via log4j1 api", "via slf4j");
        runs.assertSitesLevelsAndOneLineEach("via jul", "via log4j2 api", "via jcl", "via log4j1 api", "via slf4j");
        assertThat(runs.appLog).isEqualTo("INFO|app.jul|main|via jul\nWARN|app.log4j2|main|via log4j2 api\n"
                + "ERROR|app.jcl|main|via jcl\nINFO|app.log4j1|main|via log4j1 api\nINFO|app.slf4j|main|via slf4j\n");
    }

    /**
     * JUL (log4j-jul as the LogManager), SLF4J (log4j-slf4j2-impl), JCL (commons-logging 1.3
     * finds the Log4j API), JBoss Logging (finds Log4j 2) and the Log4j API, all into Log4j 2.
     */
    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void chainsIntoLog4j2RouteEachCallOnce(int java) throws Exception {
        List<String> props = List.of("-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager",
                "-Dlog4j2.configurationFile=" + ChildJvm.testResource("frameworks/bridges-log4j2.xml"));
        String[] args = {"4", "jul", "log4j2", "jcl", "slf4j", "jboss"};
        Runs runs = run("bridges-to-log4j2", props, java, args);

        assertThat(runs.err.records).isEmpty();
        assertThat(runs.out.messages()).containsExactly("via jul", "via log4j2 api", "via jcl", "via slf4j", "via jboss logging");
        runs.assertSitesLevelsAndOneLineEach("via jul", "via log4j2 api", "via jcl", "via slf4j", "via jboss logging");
        assertThat(runs.appLog).isEqualTo("INFO|app.jul|main|via jul\nWARN|app.log4j2|main|via log4j2 api\n"
                + "ERROR|app.jcl|main|via jcl\nINFO|app.slf4j|main|via slf4j\nINFO|app.jboss|main|via jboss logging\n");
    }

    /**
     * log4j-over-slf4j ships an {@code org.apache.log4j.Category} without the method the Log4j 1
     * hook rewrites: that class is left as it is, with one debug line and no warning.
     */
    @org.junit.jupiter.api.Test
    void aClassOfAHookedNameWithoutTheHookedMethodIsLeftAlone() throws Exception {
        ChildJvm.Result result = ChildJvm.app(FrameworkCase.APPS + "BridgesApp")
                .classPath(ChildJvm.frameworkJars("bridges-to-logback"))
                .jvmArg("-Dlogback.configurationFile=" + ChildJvm.testResource("frameworks/bridges-logback.xml"))
                .jvmArg("-DappLog=" + Files.createTempDirectory("nvrx-bridge").resolve("app.log"))
                .env("NVRX_AGENT_DEBUG", "1").args("0", "log4j1").run();
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.stderrLines()).as(result.toString())
                .contains("nvrx-agent: [debug] no method of org.apache.log4j.Category matches CategoryCallAppendersAdvice"
                        + " on org.apache.log4j.Category; left as it is")
                .noneMatch(l -> l.startsWith("nvrx-agent:") && !l.startsWith("nvrx-agent: [debug]"));
        assertThat(Records.of(result.stdoutLines()).only("via log4j1 api").header.level).isEqualTo("INFO");
    }

    private static Runs run(String jars, List<String> props, int java, String[] args) throws Exception {
        Path dir = Files.createTempDirectory("nvrx-bridge");
        Path appLog = dir.resolve("app.log");
        ChildJvm jvm = ChildJvm.app(FrameworkCase.APPS + "BridgesApp").classPath(ChildJvm.frameworkJars(jars))
                .jvmArg("-DappLog=" + appLog).args(args);
        ChildJvm plain = ChildJvm.app(FrameworkCase.APPS + "BridgesApp").classPath(ChildJvm.frameworkJars(jars))
                .jvmArg("-DappLog=" + dir.resolve("plain.log")).args(args).withoutAgent();
        for (String p : props) {
            jvm.jvmArg(p);
            plain.jvmArg(p);
        }
        if (java == 25) {
            String home = ChildJvm.java25Home();
            org.junit.jupiter.api.Assumptions.assumeTrue(home != null, "no Java 25 installed");
            jvm.javaHome(home);
            plain.javaHome(home);
        }
        ChildJvm.Result result = jvm.run();
        assertThat(result.exitCode).as(result.toString()).isEqualTo(4);
        if (java == 25) {
            return new Runs(result, null, Files.readString(appLog)); // the Java 17 run compares with the plain one
        }
        ChildJvm.Result without = plain.run();
        assertThat(without.exitCode).as(without.toString()).isEqualTo(4);
        Runs runs = new Runs(result, without, Files.readString(appLog));
        assertThat(runs.appLog).isEqualTo(Files.readString(dir.resolve("plain.log")));
        return runs;
    }

    private static final class Runs {
        final ChildJvm.Result result;
        final Records out;
        final Records err;
        /** Both streams of the run without the agent; null where it was not run. */
        final List<String> plain;
        final String appLog;

        Runs(ChildJvm.Result result, ChildJvm.Result without, String appLog) {
            this.result = result;
            this.out = Records.of(result.stdoutLines());
            this.err = Records.of(result.stderrLines());
            if (without == null) {
                this.plain = null;
            } else {
                this.plain = new java.util.ArrayList<>(without.stdoutLines());
                this.plain.addAll(without.stderrLines());
            }
            this.appLog = appLog;
            assertThat(out.programOutput).as(result.toString()).containsExactly("program output 1", "program output 2");
            assertThat(out.other).as(result.toString()).isEmpty();
            assertThat(err.other).as(result.toString()).isEmpty();
        }

        void assertSitesLevelsAndOneLineEach(String... messages) {
            List<String> all = new java.util.ArrayList<>(result.stdoutLines());
            all.addAll(result.stderrLines());
            for (String message : messages) {
                Records.Record r = out.records.stream().anyMatch(x -> x.message().equals(message))
                        ? out.only(message) : err.only(message);
                assertThat(r.site()).as(message).isEqualTo(out.expectedSites.get(message));
                assertThat(r.header.level).as(message).isEqualTo(
                        message.contains("log4j2") ? "WARNING" : message.contains("jcl") ? "ERROR" : "INFO");
                List<String> lines = all.stream().filter(l -> l.contains(message) && !l.startsWith("EXPECT "))
                        .collect(Collectors.toList());
                assertThat(lines).as(message + "\n" + result).hasSize(1);
            }
        }
    }
}
