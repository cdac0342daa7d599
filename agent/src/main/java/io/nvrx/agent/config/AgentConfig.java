package io.nvrx.agent.config;

/**
 * The agent's settings, read once at start-up (and again by the API's forceReset). Defaults
 * follow the NVRx guide; see the README's table.
 */
public final class AgentConfig {
    /** The longest wait a setting in milliseconds takes (a day): more is surely a mistake, and would overflow. */
    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    public final boolean agentDebug;
    /** Node-local spool directory; null selects regular mode. */
    public final String nodeLocalTmpDir;
    public final String nodeLocalTmpPrefix;
    public final boolean logDebug;
    public final boolean logToStdout;
    public final long maxFileSizeKb;
    public final long maxLogFiles;
    public final String logDir;
    public final boolean utc;
    public final boolean routeStderr;
    public final boolean routeStdout;
    /** Re-arm child JVMs started through ProcessBuilder / Runtime.exec. */
    public final boolean armChildren;
    /** This JVM was started by an armed JVM (NVRX_PARENT is set): it never spawns an aggregator. */
    public final boolean child;
    /** Streams the parent reads through a pipe: left exactly as without the agent. */
    public final boolean parentReadsStdout;
    public final boolean parentReadsStderr;
    /** NVRX_LOG_FORMAT=json: one JSON object per record instead of the NVRx text line. */
    public final boolean jsonFormat;
    public final boolean threadDumpOnTerm;
    /** NVRX_ROUTE_ALL_LEVEL as a Levels value; Integer.MAX_VALUE when off. */
    public final int routeAllLevel;
    /** Node-local mode: the job's spool subdirectory name, or null (see spool/JobName). */
    public final String job;
    public final boolean aggregator;
    public final long exitWaitMs;
    public final long aggregatorGraceMs;
    /** Node log rotation: 0 = never rotate. */
    public final long nodeLogMaxSizeMb;
    public final long nodeLogMaxFiles;
    /** Test only: {@link io.nvrx.bootstrap.Faults} bits to inject. */
    public final int faults;

    public AgentConfig(ConfigSource source) {
        agentDebug = source.bool(Setting.AGENT_DEBUG, false);
        String tmp = source.raw(Setting.NODE_LOCAL_TMPDIR);
        nodeLocalTmpDir = tmp;
        nodeLocalTmpPrefix = source.string(Setting.NODE_LOCAL_TMP_PREFIX);
        logDebug = source.bool(Setting.LOG_DEBUG, false);
        logToStdout = source.bool(Setting.LOG_TO_STDOUT, false);
        maxFileSizeKb = source.number(Setting.LOG_MAX_FILE_SIZE_KB, 10, 1, 1L << 20); // 1 GB: the spool's largest file
        maxLogFiles = source.number(Setting.LOG_MAX_LOG_FILES, 4, 0, 1_000_000); // 0: unbounded, as upstream
        logDir = source.string(Setting.LOG_DIR);
        utc = source.bool(Setting.LOG_UTC, false);
        routeStderr = source.bool(Setting.ROUTE_STDERR, true);
        routeStdout = source.bool(Setting.ROUTE_STDOUT, false);
        armChildren = source.bool(Setting.ARM_CHILDREN, true);
        child = source.env(io.nvrx.bootstrap.fork.ChildArming.PARENT) != null;
        String reads = source.env(io.nvrx.bootstrap.fork.ChildArming.PARENT_READS);
        parentReadsStdout = child && reads != null && reads.contains("stdout");
        parentReadsStderr = child && reads != null && reads.contains("stderr");
        jsonFormat = LogFormat.isJson(source);
        threadDumpOnTerm = source.bool(Setting.THREAD_DUMP_ON_TERM, false);
        routeAllLevel = LevelSetting.parse(Setting.ROUTE_ALL_LEVEL, source.raw(Setting.ROUTE_ALL_LEVEL));
        job = io.nvrx.agent.spool.JobName.of(source.raw(Setting.JOB_ID), source);
        aggregator = source.bool(Setting.AGGREGATOR, true);
        exitWaitMs = source.number(Setting.EXIT_WAIT_MS, 2000, 0, DAY_MS);
        aggregatorGraceMs = source.number(Setting.AGGREGATOR_GRACE_MS, 3000, 0, DAY_MS);
        nodeLogMaxSizeMb = source.number(Setting.NODE_LOG_MAX_SIZE_MB, 0, 0, 1L << 30);
        nodeLogMaxFiles = source.number(Setting.NODE_LOG_MAX_FILES, 5, 1, 1000);
        faults = FaultSetting.parse(source.raw(Setting.FAULT));
    }

    @Override
    public String toString() {
        return "tmpdir=" + nodeLocalTmpDir + " prefix=" + nodeLocalTmpPrefix + " debug=" + logDebug
                + " toStdout=" + logToStdout + " maxFileSizeKb=" + maxFileSizeKb + " maxLogFiles=" + maxLogFiles
                + " logDir=" + logDir + " utc=" + utc + " routeStderr=" + routeStderr + " routeStdout=" + routeStdout
                + " format=" + (jsonFormat ? "json" : "text") + " threadDumpOnTerm=" + threadDumpOnTerm
                + " armChildren=" + armChildren + " child=" + child + " parentReadsStdout=" + parentReadsStdout
                + " parentReadsStderr=" + parentReadsStderr
                + " routeAllLevel=" + (routeAllLevel == Integer.MAX_VALUE ? "off" : String.valueOf(routeAllLevel))
                + " job=" + job + " aggregator=" + aggregator + " exitWaitMs=" + exitWaitMs;
    }

    public boolean nodeLocal() {
        return nodeLocalTmpDir != null;
    }
}
