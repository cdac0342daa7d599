package io.nvrx.agent.cli.doctor;

import io.nvrx.bootstrap.fork.JavaToolOptions;
import io.nvrx.agent.config.AgentConfig;
import io.nvrx.agent.config.ConfigSource;
import io.nvrx.agent.config.Setting;
import io.nvrx.agent.rank.RankDetector;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Diagnostics;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

/**
 * What the agent would detect in a JVM started here and now, from the same classes the agent
 * uses (ConfigSource, AgentConfig, RankDetector), plus the NVRx guide's troubleshooting steps:
 * is the agent armed, which settings are in force and where from, which ranks and node, which
 * mode, is the node-local tmp dir usable, is an aggregator alive, is a spool backlog waiting.
 */
public final class Doctor {
    private final Map<String, String> env;
    private final Properties properties;
    private final File agentJar;

    public Doctor(Map<String, String> env, Properties properties, File agentJar) {
        this.env = env;
        this.properties = properties;
        this.agentJar = agentJar;
    }

    /** Prints the report; returns 0 if nothing failed, 1 otherwise. */
    public int run(PrintStream out) {
        Report report = new Report();
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream previous = Diagnostics.originalStderr();
        AgentConfig config;
        RankInfo rank;
        Diagnostics.useStream(new PrintStream(warnings, true), false);
        try {
            ConfigSource source = new ConfigSource(null, properties, env, Setting.keys());
            config = new AgentConfig(source);
            rank = new RankDetector(source).detect();
        } finally {
            Diagnostics.useStream(previous, false);
        }

        agent(report);
        settings(report, warnings.toString(StandardCharsets.UTF_8));
        ranks(report, rank);
        mode(report, config, rank);
        guide(report, config, rank);
        report.print(out);
        out.println();
        out.println(report.failures() == 0
                ? "nvrx doctor: no problem found" + (report.warnings() > 0 ? " (" + report.warnings() + " warning(s))" : "")
                : "nvrx doctor: " + report.failures() + " problem(s) found");
        return report.failures() == 0 ? 0 : 1;
    }

    private void agent(Report report) {
        report.section("Agent");
        report.info("this jar: " + (agentJar == null ? "(not run from a jar)" : agentJar) + ", Java "
                + System.getProperty("java.version") + " (the agent needs 11 or newer)");
        String kill = value("nvrx.agent", "NVRX_AGENT");
        if (kill != null && kill.trim().toLowerCase(java.util.Locale.ROOT).matches("off|0|false|no")) {
            report.warn("NVRX_AGENT=" + kill + ": the kill switch is on; a JVM started here runs without the agent");
        }
        boolean armed = false;
        for (String name : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
            String options = env.get(name);
            for (String jar : JavaToolOptions.agentJars(options)) {
                if (!JavaToolOptions.isOurAgent(jar, agentJar)) {
                    report.info(name + " also loads another agent: " + jar);
                    continue;
                }
                armed = true;
                if (Files.isRegularFile(Paths.get(jar))) {
                    report.ok(name + " arms the agent: -javaagent:" + jar);
                } else {
                    report.fail(name + " names " + jar + ", which does not exist: every JVM started here will fail"
                            + " to start (\"Error opening zip file or JAR manifest missing\")");
                }
            }
        }
        if (!armed) {
            report.info("no -javaagent for nvrx in JAVA_TOOL_OPTIONS: JVMs started here have the agent only if their"
                    + " command line has -javaagent:" + (agentJar == null ? "nvrx-agent.jar" : agentJar.toString()));
        }
    }

    private void settings(Report report, String warnings) {
        report.section("Settings (agent argument > system property nvrx.<key> > environment variable)");
        for (Setting setting : Setting.values()) {
            String fromProperty = properties.getProperty(setting.property());
            String fromEnv = setting.envName() == null ? null : env.get(setting.envName());
            if (fromProperty != null) {
                report.info(setting.property() + "=" + fromProperty + "   (system property)");
            } else if (fromEnv != null) {
                report.info(setting.envName() + "=" + fromEnv + "   (environment)");
            }
        }
        for (String line : warnings.split("\n")) {
            if (!line.trim().isEmpty()) {
                report.warn(line.replaceFirst("^nvrx-agent: ", ""));
            }
        }
    }

    private void ranks(Report report, RankInfo rank) {
        report.section("Ranks and node");
        report.info("each record's header: " + rank.headerFields());
        String source = env.containsKey("NVRX_NODE_ID") ? "NVRX_NODE_ID"
                : env.containsKey("SLURMD_NODENAME") ? "SLURMD_NODENAME" : "the host name";
        report.info("node id: " + rank.nodeId + " (from " + source + ")");
        report.info("launcher: " + launcher());
        if (rank.workloadRank == null && rank.infraRank == null) {
            report.warn("no rank found: RANK, LOCAL_RANK, SLURM_PROCID, SLURM_LOCALID (or OMPI_COMM_WORLD_RANK, PMIX_RANK,"
                    + " PMI_RANK, JOB_COMPLETION_INDEX) are unset here; ranks print as ?. Normal outside a job step:"
                    + " the launcher sets them for each rank");
        } else {
            report.ok("ranks found: workload " + show(rank.workloadRank) + "(" + show(rank.workloadLocalRank) + "), infra "
                    + show(rank.infraRank) + "(" + show(rank.infraLocalRank) + ")");
        }
    }

    private String launcher() {
        if (env.containsKey("SLURM_JOB_ID")) {
            return "SLURM, job " + env.get("SLURM_JOB_ID") + (env.containsKey("SLURM_STEP_ID")
                    ? " step " + env.get("SLURM_STEP_ID") : " (batch script: no step; ranks are set inside srun)");
        }
        if (env.containsKey("TORCHELASTIC_RUN_ID") || env.containsKey("GROUP_RANK")) {
            return "torchrun / torch elastic";
        }
        if (env.containsKey("OMPI_COMM_WORLD_SIZE")) {
            return "Open MPI (mpirun), world size " + env.get("OMPI_COMM_WORLD_SIZE");
        }
        if (env.containsKey("PMIX_RANK") || env.containsKey("PMI_RANK")) {
            return "a PMI launcher (MPICH, Intel MPI, srun --mpi)";
        }
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            return "a Kubernetes indexed job";
        }
        if (env.containsKey("WORLD_SIZE")) {
            return "a torchrun-style launcher (WORLD_SIZE=" + env.get("WORLD_SIZE") + ")";
        }
        return "none detected";
    }

    private void mode(Report report, AgentConfig config, RankInfo rank) {
        if (!config.nodeLocal()) {
            report.section("Mode: regular");
            report.info("records go to " + (config.logToStdout ? "standard output (NVRX_LOG_TO_STDOUT)" : "standard error")
                    + ", each as one line (plus its stack trace)");
            return;
        }
        report.section("Mode: node-local (NVRX_NODE_LOCAL_TMPDIR=" + config.nodeLocalTmpDir + ")");
        Path dir = Paths.get(config.nodeLocalTmpDir);
        if (TmpDirCheck.check(dir, report)) {
            SpoolCheck.check(config, rank, env, report);
        }
    }

    private void guide(Report report, AgentConfig config, RankInfo rank) {
        report.section("The NVRx guide's troubleshooting steps");
        report.info("Logs not appearing in distributed mode:");
        if (config.nodeLocal()) {
            report.ok("NVRX_NODE_LOCAL_TMPDIR is set");
        } else {
            report.info("  NVRX_NODE_LOCAL_TMPDIR is not set: regular mode, records go to the console (not an error)");
        }
        report.info("  directory permissions and the aggregator: see the node-local section above"
                + (config.nodeLocal() ? "" : " (not in node-local mode)"));
        report.info("Missing rank information:");
        if (rank.workloadRank == null) {
            report.info("  RANK is not set in this shell; set by the launcher for each rank"
                    + " (java -jar nvrx-agent.jar launch --nproc N -- ... sets it locally)");
        } else {
            report.ok("RANK=" + rank.workloadRank + ", LOCAL_RANK=" + show(rank.workloadLocalRank));
        }
        report.info("  ranks are read once, when the JVM starts: variables set later in the process are not seen");
        report.info("Performance issues:");
        report.info("  spool files rotate at NVRX_LOG_MAX_FILE_SIZE_KB=" + config.maxFileSizeKb + " KB, at most"
                + " NVRX_LOG_MAX_LOG_FILES=" + config.maxLogFiles + " per process; raise both for bursty jobs");
    }

    private String value(String property, String envName) {
        String value = properties.getProperty(property);
        return value != null ? value : env.get(envName);
    }

    private static String show(Integer value) {
        return value == null ? "?" : value.toString();
    }
}
