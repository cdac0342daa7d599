package io.nvrx.agent.spool;

import io.nvrx.agent.config.AgentConfig;
import io.nvrx.agent.format.RecordFormatter;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.RecordSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets node-local mode up (NVRX_NODE_LOCAL_TMPDIR is set): checks the spool directory, creates
 * this process's control block and first spool file, and starts the aggregator watch. Any
 * problem gives one warning and regular mode. Holds the active spool sink so that the API's
 * forceReset and the exit hook can close it.
 */
public final class NodeLocalMode {
    /** The largest spool file: frames address bytes with an int. */
    private static final long MAX_FILE_BYTES = 1L << 30;

    private SpoolSink active;
    private String activeKey;

    /**
     * Returns the spool sink for this configuration, or {@code console} (after one warning) if
     * node-local mode cannot run.
     */
    public synchronized RecordSink apply(AgentConfig config, RankInfo rank, RecordFormatter formatter,
                                         RecordSink console, String agentJar) {
        String key = config.nodeLocalTmpDir + "|" + config.job;
        if (active != null && key.equals(activeKey) && !active.writer().refusing()) {
            return active; // the API asked again for the same spool: keep it
        }
        stop();
        SpoolSink sink = open(config, rank, formatter, console, agentJar);
        if (sink == null) {
            return console;
        }
        active = sink;
        activeKey = key;
        return sink;
    }

    /** Closes the active spool without waiting (switching to another setup). */
    public synchronized void stop() {
        if (active != null) {
            active.closeNow();
            active = null;
            activeKey = null;
        }
    }

    /** At exit: closes the active spool and waits, bounded, for delivery. */
    public synchronized void closeAtExit() {
        if (active != null) {
            active.closeAndAwaitDelivery();
            active = null;
        }
    }

    private static SpoolSink open(AgentConfig config, RankInfo rank, RecordFormatter formatter, RecordSink console,
                                  String agentJar) {
        SpoolDirectory dir;
        try {
            dir = SpoolDirectory.resolve(config.nodeLocalTmpDir, config.job);
        } catch (SpoolDirectory.Refused refused) {
            Diagnostics.warn("nvrx-agent: node-local mode is off: " + refused.getMessage()
                    + "; records go to the console");
            return null;
        }
        ControlBlock.Owned live = null;
        try {
            SharedControl shared = SharedControl.openOrCreate(dir.spoolDir);
            live = ControlBlock.create(dir.spoolDir, ProcessIdentity.current(), rank.nodeId, ranks(rank),
                    config.maxFileSizeKb, config.maxLogFiles);
            int capacity = (int) Math.min(MAX_FILE_BYTES, Math.max(1024, config.maxFileSizeKb * 1024));
            SpoolWriter writer = new SpoolWriter(dir.spoolDir, live, shared, capacity, config.maxLogFiles,
                    Diagnostics::warn);
            AggregatorSpawner spawner = null;
            // A child JVM (started by an armed rank) shares its rank's fields, local rank 0
            // included: only the ranks themselves start or restart aggregators.
            if (config.aggregator && !config.child) {
                spawner = new AggregatorSpawner(dir.spoolDir, agentJar, aggregatorArgs(config, rank, dir),
                        spawnsFirst(rank), config.agentDebug);
                spawner.start();
            }
            Diagnostics.debug("node-local mode: spooling to " + dir.spoolDir + " as " + live.identity);
            return new SpoolSink(formatter, writer, console, spawner, config.exitWaitMs);
        } catch (IOException | RuntimeException failure) {
            if (live != null) {
                try {
                    Files.deleteIfExists(live.path); // never looks like a process that died
                } catch (IOException ignored) {
                    // the warning below is what matters
                }
            }
            Diagnostics.warn("nvrx-agent: node-local mode is off: cannot write spool files in " + dir.spoolDir
                    + " (" + failure + "); records go to the console");
            return null;
        }
    }

    /** Local rank 0 spawns at once; so does a process that knows no local rank at all. */
    static boolean spawnsFirst(RankInfo rank) {
        if (rank.workloadLocalRank != null) {
            return rank.workloadLocalRank == 0;
        }
        return rank.infraLocalRank == null || rank.infraLocalRank == 0;
    }

    private static int[] ranks(RankInfo rank) {
        return new int[] {orUnknown(rank.workloadRank), orUnknown(rank.workloadLocalRank),
            orUnknown(rank.infraRank), orUnknown(rank.infraLocalRank)};
    }

    private static int orUnknown(Integer rank) {
        return rank == null ? -1 : rank;
    }

    /** Where the node log goes: NVRX_LOG_DIR, else the spool directory. */
    public static Path nodeLog(AgentConfig config, RankInfo rank, SpoolDirectory dir) {
        Path logDir = config.logDir != null ? Paths.get(config.logDir).toAbsolutePath().normalize() : dir.spoolDir;
        return logDir.resolve(SpoolLayout.nodeLogName(rank.nodeId));
    }

    static List<String> aggregatorArgs(AgentConfig config, RankInfo rank, SpoolDirectory dir) {
        List<String> args = new ArrayList<>();
        args.add(dir.spoolDir.toString());
        args.add("--node-log");
        args.add(nodeLog(config, rank, dir).toString());
        args.add("--node");
        args.add(rank.nodeId);
        args.add("--upstream-dir");
        args.add(dir.tmpDir.toString());
        args.add("--upstream-lock-dir");
        args.add(dir.base.toString());
        if (config.job != null) {
            args.add("--job");
            args.add(config.job);
        }
        args.add("--grace-ms");
        args.add(Long.toString(config.aggregatorGraceMs));
        if (config.nodeLogMaxSizeMb > 0) {
            args.add("--node-log-max-size-mb");
            args.add(Long.toString(config.nodeLogMaxSizeMb));
            args.add("--node-log-max-files");
            args.add(Long.toString(config.nodeLogMaxFiles));
        }
        if (config.utc) {
            args.add("--utc");
        }
        return args;
    }
}
