package io.nvrx.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar nvrx-agent.jar <command> ...} (the tools, the launcher) as a real process. */
public final class AgentJarTool {
    private AgentJarTool() {}

    /** The java binary running the tests. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A command line that runs one of the test applications (without the agent: the launcher arms it). */
    public static List<String> appCommand(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", ChildJvm.testClasses(), mainClass.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    public static ChildJvm.Result run(Map<String, String> env, long timeoutSeconds, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-jar",
                ChildJvm.agentJar().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("NVRX_") || name.startsWith("SLURM")
                || name.equals("RANK") || name.equals("LOCAL_RANK") || name.equals("WORLD_SIZE")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("nvrx-tool-out", ".txt");
        Path err = Files.createTempFile("nvrx-tool-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("did not finish in " + timeoutSeconds + " s: " + command + "\n"
                        + Files.readString(err));
            }
            return new ChildJvm.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), command);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
