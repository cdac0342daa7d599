package io.nvrx.agent.cli.doctor;

import io.nvrx.agent.config.AgentConfig;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.agent.spool.NodeLocalMode;
import io.nvrx.agent.spool.SpoolDirectory;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Node-local mode as a rank started here would see it, with the spool writer's own classes:
 * the spool directory it would use ({@link SpoolDirectory#locate}: per-user and per-job
 * subdirectories, the job named by {@link io.nvrx.agent.spool.JobName} as AgentConfig does), whether an
 * aggregator holds its lock ({@link AggregatorProbe}), what waits there ({@link SpoolBacklog}),
 * the node log ({@link NodeLocalMode#nodeLog}), then the other jobs' spool directories next to
 * it (the doctor is often run from a batch script or a login shell, which is not the job step
 * whose directory the ranks use) and upstream {@code rank_*} files. Nothing is created or changed.
 */
final class SpoolCheck {
    private SpoolCheck() {}

    static void check(AgentConfig config, RankInfo rank, Map<String, String> env, Report report) {
        SpoolDirectory dir;
        try {
            dir = SpoolDirectory.locate(config.nodeLocalTmpDir, config.job);
        } catch (SpoolDirectory.Refused refused) {
            report.fail(refused.getMessage());
            return;
        }
        report.info("spool dir: " + dir.spoolDir);
        if (!dir.base.equals(dir.tmpDir)) {
            report.info("  " + dir.base.getFileName() + "/: this user's private subdirectory (the tmp dir is shared and sticky)");
        }
        if (config.job != null) {
            report.info("  " + config.job + "/: this job's subdirectory (from " + (env.containsKey("NVRX_JOB_ID")
                    ? "NVRX_JOB_ID" : "SLURM_JOB_ID and SLURM_STEP_ID") + ")");
            if (config.job.startsWith("slurm-") && config.job.indexOf('.') < 0) {
                report.info("  no SLURM_STEP_ID here (a batch script, not a job step): ranks started by srun spool in "
                        + config.job + ".<step>; see \"other spool directories\" below");
            }
        }
        if (!Files.isDirectory(dir.spoolDir, LinkOption.NOFOLLOW_LINKS)) {
            report.info("it does not exist yet: the first rank creates it (0700)");
        } else {
            directory(dir.spoolDir, config, report, "");
        }
        nodeLog(NodeLocalMode.nodeLog(config, rank, dir), config, report);
        others(dir, report);
        upstream(dir.tmpDir, report);
    }

    /** The aggregator and the backlog of one spool directory. */
    private static void directory(Path spoolDir, AgentConfig config, Report report, String label) {
        SpoolBacklog backlog;
        try {
            backlog = SpoolBacklog.of(spoolDir);
        } catch (IOException | RuntimeException e) {
            report.warn(label + "cannot list " + spoolDir + ": " + e);
            return;
        }
        boolean waiting = backlog.undeliveredFiles > 0 || backlog.processes > 0;
        AggregatorProbe aggregator = AggregatorProbe.of(spoolDir);
        String lock = spoolDir.resolve(SpoolLayout.AGGREGATOR_LOCK).toString();
        switch (aggregator.state) {
            case ALIVE:
                report.ok(label + "aggregator: alive" + (aggregator.pid >= 0 ? ", pid " + aggregator.pid : "")
                        + " (holds " + lock + ")");
                break;
            case STARTING:
                report.info(label + "aggregator: starting (pid " + aggregator.pid + " is spawning one)");
                break;
            case UNKNOWN:
                report.warn(label + "aggregator: cannot tell (" + aggregator.problem + ")");
                break;
            default:
                String none = aggregator.state == AggregatorProbe.State.NO_LOCK_FILE
                        ? "not running (no " + SpoolLayout.AGGREGATOR_LOCK + ")"
                        : "not running (" + lock + " is left from one that was killed; the next one resumes from its state)";
                if (!waiting) {
                    report.info(label + "aggregator: " + none + "; nothing waits for one");
                } else if (!config.aggregator) {
                    report.warn(label + "aggregator: " + none + " while records wait; NVRX_AGGREGATOR=off: run"
                            + " java -jar nvrx-agent.jar aggregate " + spoolDir);
                } else {
                    report.fail(label + "aggregator: " + none + " while records wait; a rank starts one within a second"
                            + " while it runs, so this usually means every rank is gone: run"
                            + " java -jar nvrx-agent.jar aggregate " + spoolDir + " to deliver them");
                }
        }
        if (backlog.empty()) {
            report.ok(label + "spool backlog: none (no " + SpoolLayout.SPOOL_PREFIX + "* file)");
        } else {
            report.info(label + "spool backlog: " + backlog);
        }
    }

    private static void nodeLog(Path nodeLog, AgentConfig config, Report report) {
        if (Files.isRegularFile(nodeLog)) {
            try {
                report.ok("node log: " + nodeLog + " (" + Files.size(nodeLog) + " bytes, last written "
                        + Files.getLastModifiedTime(nodeLog) + ")");
            } catch (IOException e) {
                report.warn("node log: " + nodeLog + ": " + e);
            }
        } else {
            report.info("node log: " + nodeLog + " does not exist yet (the aggregator creates it"
                    + (config.logDir == null ? "; NVRX_LOG_DIR chooses another directory)" : ")"));
        }
    }

    /** Spool directories of other jobs (or of the job's steps) in the same base directory. */
    private static void others(SpoolDirectory dir, Report report) {
        List<Path> candidates = new ArrayList<>();
        if (!dir.spoolDir.equals(dir.base)) {
            candidates.add(dir.base);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.base)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !entry.equals(dir.spoolDir)) {
                    candidates.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // the base does not exist yet: nothing to show
        }
        candidates.sort(null);
        boolean first = true;
        for (Path other : candidates) {
            List<String> nodeLogs = nodeLogsIn(other);
            if (nodeLogs.isEmpty() && !hasOurFiles(other)) {
                continue;
            }
            if (first) {
                report.info("other spool directories under " + dir.base + ":");
                first = false;
            }
            String label = "  " + (other.equals(dir.base) ? "." : other.getFileName().toString()) + "/: ";
            SpoolBacklog backlog;
            try {
                backlog = SpoolBacklog.of(other);
            } catch (IOException | RuntimeException e) {
                report.warn(label + "cannot list it: " + e);
                continue;
            }
            AggregatorProbe aggregator = AggregatorProbe.of(other);
            report.info(label + "aggregator " + describe(aggregator) + "; backlog: "
                    + (backlog.empty() ? "none" : backlog.toString())
                    + (nodeLogs.isEmpty() ? "" : "; node log(s): " + String.join(", ", nodeLogs)));
        }
    }

    private static String describe(AggregatorProbe aggregator) {
        switch (aggregator.state) {
            case ALIVE: return "alive" + (aggregator.pid >= 0 ? " (pid " + aggregator.pid + ")" : "");
            case STARTING: return "starting";
            case UNKNOWN: return "unknown (" + aggregator.problem + ")";
            default: return "not running";
        }
    }

    /** The node logs in a directory ({@code nvrx_log_<node>.log}, see SpoolLayout.nodeLogName), with their sizes. */
    private static List<String> nodeLogsIn(Path dir) {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "nvrx_log_*.log")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(entry.getFileName() + " (" + Files.size(entry) + " bytes)");
                }
            }
        } catch (IOException | RuntimeException e) {
            return found;
        }
        found.sort(null);
        return found;
    }

    private static boolean hasOurFiles(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (SpoolLayout.parse(name) != null || name.equals(SpoolLayout.AGGREGATOR_LOCK)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Upstream NVRx (Python) spool files in the tmp dir, which our aggregator reads too. */
    private static void upstream(Path tmpDir, Report report) {
        int count = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmpDir, SpoolLayout.UPSTREAM_PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    count++;
                    bytes += Files.size(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (count > 0) {
            report.info("upstream NVRx (Python) spool files: " + count + " " + SpoolLayout.UPSTREAM_PREFIX + "* file(s), "
                    + bytes + " bytes (our aggregator delivers them too)");
        }
    }
}
