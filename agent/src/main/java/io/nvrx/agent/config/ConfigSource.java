package io.nvrx.agent.config;

import io.nvrx.bootstrap.Diagnostics;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where each setting's raw text comes from, in order of precedence: the agent argument
 * ({@code -javaagent:nvrx-agent.jar=key=value,...}), the system property {@code nvrx.<key>},
 * then the environment variable. The one place that parses values and warns about bad ones:
 * each problem gives one warning line and the documented default is used.
 */
public final class ConfigSource {
    private final Map<String, String> agentArgs;
    private final Properties properties;
    private final Map<String, String> env;

    public ConfigSource(String agentArgs, Properties properties, Map<String, String> env, Set<String> knownKeys) {
        this.agentArgs = parseAgentArgs(agentArgs, knownKeys);
        this.properties = properties;
        this.env = env;
    }

    /** Reads the live JVM: its system properties and its environment. */
    public static ConfigSource ofJvm(String agentArgs) {
        return new ConfigSource(agentArgs, System.getProperties(), System.getenv(), Setting.keys());
    }

    /**
     * The raw text of a setting, or null when unset. An empty or blank value is treated as unset,
     * with a warning for the agent's own NVRX_ variables (a launcher may export RANK="").
     */
    public String raw(Setting setting) {
        String value = agentArgs.get(setting.key());
        value = unlessEmpty(setting, value, "agent argument " + setting.key());
        if (value == null) {
            value = unlessEmpty(setting, properties.getProperty(setting.property()), "system property " + setting.property());
        }
        if (value == null && setting.envName() != null) {
            value = unlessEmpty(setting, env.get(setting.envName()), setting.envName());
        }
        return value == null ? null : value.trim();
    }

    /** An empty value is unset (with a warning where the setting asks for one): the next source is asked. */
    private static String unlessEmpty(Setting setting, String value, String origin) {
        if (value != null && value.trim().isEmpty()) {
            if (setting.warnWhenEmpty()) {
                Diagnostics.warn("nvrx-agent: " + origin + " is empty; treated as unset");
            }
            return null;
        }
        return value;
    }

    /** The raw value of any environment variable (rank variables of launchers). */
    public String env(String name) {
        String value = env.get(name);
        return value == null || value.trim().isEmpty() ? null : value.trim();
    }

    /** 1/true/yes/on are true, 0/false/no/off are false; anything else warns and gives the default. */
    public boolean bool(Setting setting, boolean defaultValue) {
        String value = raw(setting);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "1": case "true": case "yes": case "on": return true;
            case "0": case "false": case "no": case "off": return false;
            default:
                Diagnostics.warn("nvrx-agent: " + setting.display() + "=" + value
                        + " is not one of 1, true, yes, on, 0, false, no, off; using " + (defaultValue ? "on" : "off"));
                return defaultValue;
        }
    }

    /**
     * A whole number from {@code min} to {@code max}; a larger one warns and gives {@code max}
     * (a huge value must not overflow where it is multiplied), anything else warns and gives
     * the default.
     */
    public long number(Setting setting, long defaultValue, long min, long max) {
        long value = number(setting, defaultValue, min);
        if (value > max) {
            Diagnostics.warn("nvrx-agent: " + setting.display() + "=" + value + " is more than " + max + "; using " + max);
            return max;
        }
        return value;
    }

    /** A whole number of at least {@code min}; anything else warns and gives the default. */
    public long number(Setting setting, long defaultValue, long min) {
        String value = raw(setting);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        Diagnostics.warn("nvrx-agent: " + setting.display() + "=" + value + " is not a whole number of at least "
                + min + "; using " + defaultValue);
        return defaultValue;
    }

    public String string(Setting setting) {
        return raw(setting);
    }

    private static Map<String, String> parseAgentArgs(String args, Set<String> knownKeys) {
        if (args == null || args.trim().isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> parsed = new HashMap<>();
        for (String part : args.split(",")) {
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (eq < 0 || !knownKeys.contains(key)) {
                Diagnostics.warn("nvrx-agent: ignoring agent argument '" + part.trim()
                        + "': expected key=value with a key among " + new java.util.TreeSet<>(knownKeys));
                continue;
            }
            parsed.put(key, part.substring(eq + 1));
        }
        return parsed;
    }
}
