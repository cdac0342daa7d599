package io.nvrx.agent.config;

import io.nvrx.bootstrap.Diagnostics;

import java.util.Locale;

/** NVRX_LOG_FORMAT: {@code text} (default, the NVRx line) or {@code json}; anything else warns once. */
final class LogFormat {
    private LogFormat() {}

    static boolean isJson(ConfigSource source) {
        String value = source.raw(Setting.LOG_FORMAT);
        if (value == null) {
            return false;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "json": return true;
            case "text": return false;
            default:
                Diagnostics.warn("nvrx-agent: " + Setting.LOG_FORMAT.display() + "=" + value
                        + " is not text or json; using text");
                return false;
        }
    }
}
