package io.nvrx.agent.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting the agent reads. Each has an agent-argument key, a system property
 * ({@code nvrx.<key>}) and, for most, an environment variable. The README's table of
 * settings is this list.
 */
public enum Setting {
    AGENT("agent", "NVRX_AGENT"),
    AGENT_DEBUG("agent_debug", "NVRX_AGENT_DEBUG"),
    NODE_LOCAL_TMPDIR("node_local_tmpdir", "NVRX_NODE_LOCAL_TMPDIR"),
    NODE_LOCAL_TMP_PREFIX("node_local_tmp_prefix", "NVRX_NODE_LOCAL_TMP_PREFIX"),
    LOG_DEBUG("log_debug", "NVRX_LOG_DEBUG"),
    LOG_TO_STDOUT("log_to_stdout", "NVRX_LOG_TO_STDOUT"),
    LOG_MAX_FILE_SIZE_KB("log_max_file_size_kb", "NVRX_LOG_MAX_FILE_SIZE_KB"),
    LOG_MAX_LOG_FILES("log_max_log_files", "NVRX_LOG_MAX_LOG_FILES"),
    LOG_DIR("log_dir", "NVRX_LOG_DIR"),
    LOG_UTC("log_utc", "NVRX_LOG_UTC"),
    ROUTE_STDERR("route_stderr", "NVRX_ROUTE_STDERR"),
    ROUTE_STDOUT("route_stdout", "NVRX_ROUTE_STDOUT"),
    ARM_CHILDREN("arm_children", "NVRX_ARM_CHILDREN"),
    /** Route every framework event at or above this level, whatever its appenders (off by default). */
    ROUTE_ALL_LEVEL("route_all_level", "NVRX_ROUTE_ALL_LEVEL"),
    NODE_ID("node_id", "NVRX_NODE_ID"),
    /** text (the NVRx line, default) or json (one object per record). */
    LOG_FORMAT("log_format", "NVRX_LOG_FORMAT"),
    /** On SIGTERM, log a thread dump of the process before the JVM shuts down. */
    THREAD_DUMP_ON_TERM("thread_dump_on_term", "NVRX_THREAD_DUMP_ON_TERM"),
    /** Node-local mode: names the job's spool subdirectory (else the launcher's job, see spool/JobName). */
    JOB_ID("job_id", "NVRX_JOB_ID"),
    /** Node-local mode: off = never start an aggregator (the user runs `aggregate` themselves). */
    AGGREGATOR("aggregator", "NVRX_AGGREGATOR"),
    EXIT_WAIT_MS("exit_wait_ms", "NVRX_EXIT_WAIT_MS"),
    AGGREGATOR_GRACE_MS("aggregator_grace_ms", "NVRX_AGGREGATOR_GRACE_MS"),
    NODE_LOG_MAX_SIZE_MB("node_log_max_size_mb", "NVRX_NODE_LOG_MAX_SIZE_MB"),
    NODE_LOG_MAX_FILES("node_log_max_files", "NVRX_NODE_LOG_MAX_FILES"),
    /** Test only: faults to inject into the agent itself (see FaultSetting). */
    FAULT("fault", "NVRX_FAULT"),
    /** Overrides of the detected ranks; the launchers' own variables are read in rank/. */
    RANK("rank", null),
    LOCAL_RANK("local_rank", null),
    INFRA_RANK("infra_rank", null),
    INFRA_LOCAL_RANK("infra_local_rank", null);

    private final String key;
    private final String envName;

    Setting(String key, String envName) {
        this.key = key;
        this.envName = envName;
    }

    public String key() {
        return key;
    }

    public String property() {
        return "nvrx." + key;
    }

    /** The environment variable, or null for settings given only as property or argument. */
    public String envName() {
        return envName;
    }

    /** How a warning names the setting: its environment variable where it has one. */
    public String display() {
        return envName != null ? envName : property();
    }

    boolean warnWhenEmpty() {
        return envName != null;
    }

    public static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Setting s : values()) {
            keys.add(s.key.toLowerCase(Locale.ROOT));
        }
        return keys;
    }
}
