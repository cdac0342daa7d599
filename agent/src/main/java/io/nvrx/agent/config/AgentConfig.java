package io.nvrx.agent.config;

/**
 * The agent's settings, read once at start-up (and again by the API's forceReset). Defaults
 * follow the NVRx guide; see the README's table.
 */
public final class AgentConfig {
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
    /** NVRX_ROUTE_ALL_LEVEL as a Levels value; Integer.MAX_VALUE when off. */
    public final int routeAllLevel;

    public AgentConfig(ConfigSource source) {
        agentDebug = source.bool(Setting.AGENT_DEBUG, false);
        String tmp = source.raw(Setting.NODE_LOCAL_TMPDIR);
        nodeLocalTmpDir = tmp;
        nodeLocalTmpPrefix = source.string(Setting.NODE_LOCAL_TMP_PREFIX);
        logDebug = source.bool(Setting.LOG_DEBUG, false);
        logToStdout = source.bool(Setting.LOG_TO_STDOUT, false);
        maxFileSizeKb = source.number(Setting.LOG_MAX_FILE_SIZE_KB, 10, 1);
        maxLogFiles = source.number(Setting.LOG_MAX_LOG_FILES, 4, 0); // 0: unbounded, as upstream
        logDir = source.string(Setting.LOG_DIR);
        utc = source.bool(Setting.LOG_UTC, false);
        routeStderr = source.bool(Setting.ROUTE_STDERR, true);
        routeStdout = source.bool(Setting.ROUTE_STDOUT, false);
        routeAllLevel = LevelSetting.parse(Setting.ROUTE_ALL_LEVEL, source.raw(Setting.ROUTE_ALL_LEVEL));
    }

    @Override
    public String toString() {
        return "tmpdir=" + nodeLocalTmpDir + " prefix=" + nodeLocalTmpPrefix + " debug=" + logDebug
                + " toStdout=" + logToStdout + " maxFileSizeKb=" + maxFileSizeKb + " maxLogFiles=" + maxLogFiles
                + " logDir=" + logDir + " utc=" + utc + " routeStderr=" + routeStderr + " routeStdout=" + routeStdout
                + " routeAllLevel=" + (routeAllLevel == Integer.MAX_VALUE ? "off" : String.valueOf(routeAllLevel));
    }

    public boolean nodeLocal() {
        return nodeLocalTmpDir != null;
    }
}
