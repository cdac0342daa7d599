package io.nvrx.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One framework configuration the it-tests run: which test application, which folder of
 * framework jars (and nothing else) on the class path, which system properties configure it,
 * and what the configuration's consoles print.
 */
public final class FrameworkCase {
    public static final String APPS = "io.nvrx.it.apps.frameworks.";

    public final String name;
    public final String app;
    public final String jars;
    /** System properties; "{appLog}" is replaced by the app's own log file. */
    public final List<String> properties;
    /** The stream the configuration's consoles write to: "stdout" or "stderr". */
    public final String stream;
    /** Consoles print on another thread: records keep per-thread order only. */
    public final boolean async;
    /** Messages the consoles print (and the agent must route once each), in the app's order. */
    public final List<String> consoleMessages;
    /** Whether the configuration has a file appender beside the consoles. */
    public final boolean hasFile;

    private FrameworkCase(String name, String app, String jars, List<String> properties, String stream, boolean async,
                          List<String> consoleMessages, boolean hasFile) {
        this.name = name;
        this.app = APPS + app;
        this.jars = jars;
        this.properties = properties;
        this.stream = stream;
        this.async = async;
        this.consoleMessages = consoleMessages;
        this.hasFile = hasFile;
    }

    private static final List<String> COMMON = List.of("Training started", "GPU memory usage high", "Rank 0 failed",
            "parameter 42 formatted", "noisy logger with its own console");

    private static List<String> messages(String... extra) {
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(Arrays.asList(extra));
        all.add("from another thread");
        return all;
    }

    public static FrameworkCase logback(String jars, String config, String target, boolean async) {
        List<String> props = new ArrayList<>(List.of("-Dlogback.configurationFile=" + ChildJvm.testResource("frameworks/" + config),
                "-DappLog={appLog}", "-DconsoleTarget=" + target));
        return new FrameworkCase(jars + " " + config + " " + target, "Slf4jApp", jars, props,
                target.equals("System.err") ? "stderr" : "stdout", async, messages(), true);
    }

    public static FrameworkCase log4j2(String jars, String config, String target, boolean allAsync) {
        List<String> props = new ArrayList<>(List.of("-Dlog4j2.configurationFile=" + ChildJvm.testResource("frameworks/" + config),
                "-DappLog={appLog}", "-DconsoleTarget=" + target));
        if (allAsync) {
            props.add("-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
        }
        return new FrameworkCase(jars + " " + config + " " + target + (allAsync ? " all-async" : ""), "Log4j2App", jars,
                props, target.equals("SYSTEM_ERR") ? "stderr" : "stdout",
                allAsync || config.contains("async"), messages("fatal is critical"), true);
    }

    public static FrameworkCase log4j1(String jars, String target) {
        return new FrameworkCase(jars + " " + target, "Log4j1App", jars,
                List.of("-DappConfig=" + ChildJvm.testResource("frameworks/log4j1.properties"), "-DappLog={appLog}",
                        "-DconsoleTarget=" + target),
                target.equals("System.err") ? "stderr" : "stdout", false, messages("fatal is critical"), true);
    }

    public static FrameworkCase jboss(String jars, String target) {
        return new FrameworkCase(jars + " " + target, "JbossApp", jars,
                List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                        "-Dlogging.configuration=file:" + ChildJvm.testResource("frameworks/jboss-logging.properties"),
                        "-DappLog={appLog}", "-DconsoleTarget=" + target),
                target.equals("SYSTEM_ERR") ? "stderr" : "stdout", false,
                messages("fatal is critical", "jboss logging 7 formatted"), true);
    }

    /** slf4j-simple; a null target keeps its default, System.err. */
    public static FrameworkCase slf4jSimple(String jars, String target) {
        List<String> props = target == null ? List.of() : List.of("-Dorg.slf4j.simpleLogger.logFile=" + target);
        return new FrameworkCase(jars + " " + (target == null ? "default" : target), "Slf4jApp", jars, props,
                "System.out".equals(target) ? "stdout" : "stderr", false, messages(), false);
    }

    /** A child JVM of this case, writing its own log file to {@code appLog}. */
    public ChildJvm jvm(Path appLog) {
        ChildJvm jvm = ChildJvm.app(app).classPath(ChildJvm.frameworkJars(jars));
        for (String property : properties) {
            jvm.jvmArg(property.replace("{appLog}", appLog.toString()));
        }
        return jvm;
    }

    public static String readOrEmpty(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    public String toString() {
        return name;
    }
}
