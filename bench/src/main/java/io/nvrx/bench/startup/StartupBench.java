package io.nvrx.bench.startup;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Whole-process start-up cost: the same command with and without the agent, run alternately
 * many times, medians compared. Usage:
 * {@code java -cp benchmarks.jar io.nvrx.bench.startup.StartupBench <agent.jar> <runs> <out.md>}
 */
public final class StartupBench {
    private StartupBench() {}

    public static void main(String[] args) throws Exception {
        String agentJar = Paths.get(args[0]).toAbsolutePath().toString();
        int runs = Integer.parseInt(args[1]);
        Path out = Paths.get(args[2]);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Paths.get(System.getProperty("java.home"), "bin", "jar").toString();
        String classPath = new File(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> hello = Arrays.asList(java, "-cp", classPath, "io.nvrx.bench.apps.Hello");
        List<String> helloAgent = Arrays.asList(java, "-javaagent:" + agentJar, "-cp", classPath, "io.nvrx.bench.apps.Hello");
        List<String> tool = Arrays.asList(jar, "--version");

        long[][] helloTimes = alternate(runs, hello, null, helloAgent, null);
        long[][] toolTimes = alternate(runs, tool, null, tool, "-javaagent:" + agentJar);

        StringBuilder table = new StringBuilder();
        table.append("| start-up (median of ").append(runs).append(" runs, ms) | without agent | with agent | added |\n");
        table.append("|---|---|---|---|\n");
        row(table, "hello world, `-javaagent`", helloTimes);
        row(table, "`jar --version` under inherited `JAVA_TOOL_OPTIONS`", toolTimes);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table.toString());
        System.out.print(table);
    }

    private static void row(StringBuilder table, String name, long[][] times) {
        double without = median(times[0]);
        double with = median(times[1]);
        table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %+.0f |%n", name, without, with, with - without));
    }

    /** Runs a and b alternately (a warm-up pair first), returns wall times in ms. */
    private static long[][] alternate(int runs, List<String> a, String aToolOptions, List<String> b, String bToolOptions)
            throws Exception {
        run(a, aToolOptions);
        run(b, bToolOptions);
        long[][] times = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            times[0][i] = run(a, aToolOptions);
            times[1][i] = run(b, bToolOptions);
        }
        return times;
    }

    private static long run(List<String> command, String toolOptions) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (toolOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(command + " exited " + exit);
        }
        return elapsed;
    }

    private static double median(long[] values) {
        List<Long> sorted = new ArrayList<>();
        for (long v : values) {
            sorted.add(v);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
