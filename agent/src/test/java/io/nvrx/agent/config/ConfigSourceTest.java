package io.nvrx.agent.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSourceTest {
    private static AgentConfig config(String args, String... env) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        return new AgentConfig(new ConfigSource(args, new Properties(), vars, Setting.keys()));
    }

    @Test
    void defaultsFollowTheGuide() {
        AgentConfig c = config(null);
        assertThat(c.nodeLocal()).isFalse();
        assertThat(c.logDebug).isFalse();
        assertThat(c.logToStdout).isFalse();
        assertThat(c.maxFileSizeKb).isEqualTo(10);
        assertThat(c.maxLogFiles).isEqualTo(4);
        assertThat(c.routeStderr).isTrue();
        assertThat(c.routeStdout).isFalse();
    }

    @Test
    void booleansAcceptTheFourUpstreamSpellings() {
        for (String yes : new String[] {"1", "true", "YES", "On"}) {
            assertThat(config(null, "NVRX_LOG_DEBUG", yes).logDebug).as(yes).isTrue();
        }
        assertThat(config(null, "NVRX_LOG_DEBUG", "maybe").logDebug).isFalse();
        assertThat(config(null, "NVRX_LOG_TO_STDOUT", "off").logToStdout).isFalse();
    }

    @Test
    void emptyTmpDirIsUnset() {
        assertThat(config(null, "NVRX_NODE_LOCAL_TMPDIR", "").nodeLocal()).isFalse();
        assertThat(config(null, "NVRX_NODE_LOCAL_TMPDIR", "  ").nodeLocal()).isFalse();
        assertThat(config(null, "NVRX_NODE_LOCAL_TMPDIR", "/tmp/x").nodeLocalTmpDir).isEqualTo("/tmp/x");
    }

    @Test
    void badNumbersFallBackToDefaults() {
        assertThat(config(null, "NVRX_LOG_MAX_FILE_SIZE_KB", "ten").maxFileSizeKb).isEqualTo(10);
        assertThat(config(null, "NVRX_LOG_MAX_FILE_SIZE_KB", "0").maxFileSizeKb).isEqualTo(10);
        assertThat(config(null, "NVRX_LOG_MAX_FILE_SIZE_KB", "64").maxFileSizeKb).isEqualTo(64);
        assertThat(config(null, "NVRX_LOG_MAX_LOG_FILES", "0").maxLogFiles).isZero();
        assertThat(config(null, "NVRX_LOG_MAX_LOG_FILES", "-3").maxLogFiles).isEqualTo(4);
    }

    @Test
    void agentArgumentsOverrideAndMalformedOnesAreIgnored() {
        AgentConfig c = config("log_debug=1,nonsense,unknown_key=3,log_to_stdout=true", "NVRX_LOG_DEBUG", "0");
        assertThat(c.logDebug).isTrue();
        assertThat(c.logToStdout).isTrue();
    }

    // Review findings of 2026-11-30: each failed before its fix.

    @Test
    void anEmptyAgentArgumentFallsBackToThePropertyAndTheEnvironment() {
        assertThat(new ConfigSource("node_id=", new Properties(), Map.of("NVRX_NODE_ID", "envnode"), Setting.keys())
                .raw(Setting.NODE_ID)).isEqualTo("envnode");
    }

    @Test
    void hugeNumbersAreCappedNotOverflowed() {
        AgentConfig c = config(null, "NVRX_LOG_MAX_FILE_SIZE_KB", "9223372036854775807",
                "NVRX_EXIT_WAIT_MS", "9223372036854775807");
        assertThat(c.maxFileSizeKb).isEqualTo(1L << 20);
        assertThat(c.maxFileSizeKb * 1024).isPositive();
        assertThat(c.exitWaitMs).isEqualTo(24L * 60 * 60 * 1000);
        assertThat(c.exitWaitMs * 1_000_000L + 3000).isPositive();
    }
}
