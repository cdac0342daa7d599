package io.nvrx.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real child JVM (by default with the built agent jar) running one of the small test
 * applications, and captures its exit code, stdout and stderr. Every it-test goes through this.
 */
public final class ChildJvm {
    /** The built agent jar, set by Maven (surefire system property). */
    public static Path agentJar() {
        String jar = System.getProperty("nvrx.agent.jar");
        if (jar == null) {
            throw new IllegalStateException("run through Maven: nvrx.agent.jar is not set");
        }
        Path path = Paths.get(jar).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("agent jar not built: " + path);
        }
        return path;
    }

    /** The test applications' class directory. */
    public static String testClasses() {
        return System.getProperty("nvrx.test.classes", "target/test-classes");
    }

    /** The Java 25 home if one is installed, else null. */
    public static String java25Home() {
        String configured = System.getProperty("nvrx.java25.home");
        if (configured != null && !configured.isEmpty() && !configured.startsWith("${")
                && Files.isExecutable(Paths.get(configured, "bin", "java"))) {
            return configured;
        }
        Path temurin = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");
        return Files.isExecutable(temurin.resolve("bin/java")) ? temurin.toString() : null;
    }

    /** The folder of one framework's jars, copied by Maven (it-tests/pom.xml), as a class path entry. */
    public static String frameworkJars(String name) {
        Path dir = Paths.get(System.getProperty("nvrx.frameworks.dir", "target/frameworks"), name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("framework jars not copied: " + dir);
        }
        return dir.toAbsolutePath() + File.separator + "*";
    }

    /** A file under the test resources ({@code it-tests/src/test/resources}). */
    public static String testResource(String relative) {
        return Paths.get(testClasses(), relative).toAbsolutePath().toString();
    }

    private String javaHome = System.getProperty("java.home");
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> removedEnv = new ArrayList<>();
    private boolean withAgent = true;
    private String agentArgs;
    private boolean agentThroughToolOptions;
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private long timeoutSeconds = 60;
    private Path workDir;

    public static ChildJvm app(Class<?> mainClass) {
        ChildJvm jvm = new ChildJvm();
        jvm.mainClass = mainClass.getName();
        jvm.classPath.add(testClasses());
        return jvm;
    }

    public static ChildJvm app(String mainClass) {
        ChildJvm jvm = new ChildJvm();
        jvm.mainClass = mainClass;
        jvm.classPath.add(testClasses());
        return jvm;
    }

    public ChildJvm javaHome(String home) {
        this.javaHome = home;
        return this;
    }

    public ChildJvm withoutAgent() {
        this.withAgent = false;
        return this;
    }

    /** Arms the agent through JAVA_TOOL_OPTIONS instead of a -javaagent argument. */
    public ChildJvm agentThroughJavaToolOptions() {
        this.agentThroughToolOptions = true;
        return this;
    }

    public ChildJvm agentArgs(String arguments) {
        this.agentArgs = arguments;
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ChildJvm classPath(String entry) {
        classPath.add(entry);
        return this;
    }

    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ChildJvm unsetEnv(String name) {
        removedEnv.add(name);
        return this;
    }

    public ChildJvm args(String... arguments) {
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    public ChildJvm timeoutSeconds(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public ChildJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(javaHome, "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        if (withAgent && !agentThroughToolOptions) {
            command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public ProcessBuilder processBuilder() {
        ProcessBuilder builder = new ProcessBuilder(command());
        Map<String, String> environment = builder.environment();
        // A clean slate: no rank or NVRx variables leak from the machine running the tests.
        environment.keySet().removeIf(name -> name.startsWith("NVRX_") || name.startsWith("SLURM")
                || name.startsWith("OMPI_") || name.startsWith("PMI") || name.equals("RANK")
                || name.equals("LOCAL_RANK") || name.equals("JOB_COMPLETION_INDEX")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        if (withAgent && agentThroughToolOptions) {
            environment.put("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        environment.putAll(env);
        removedEnv.forEach(environment::remove);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        return builder;
    }

    /** Runs to completion and returns what it printed. */
    public Result run() throws IOException, InterruptedException {
        Path out = Files.createTempFile("nvrx-it-out", ".txt");
        Path err = Files.createTempFile("nvrx-it-err", ".txt");
        try {
            ProcessBuilder builder = processBuilder();
            builder.redirectOutput(out.toFile());
            builder.redirectError(err.toFile());
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM did not finish in " + timeoutSeconds + " s: " + command()
                        + "\nstderr so far:\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), command());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What a finished child JVM printed. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;
        public final List<String> command;

        public Result(int exitCode, String stdout, String stderr, List<String> command) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.command = command;
        }

        public List<String> stdoutLines() {
            return lines(stdout);
        }

        /** stderr lines, without the JVM's own "Picked up JAVA_TOOL_OPTIONS" line. */
        public List<String> stderrLines() {
            List<String> lines = lines(stderr);
            lines.removeIf(line -> line.startsWith("Picked up JAVA_TOOL_OPTIONS"));
            return lines;
        }

        private static List<String> lines(String text) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
