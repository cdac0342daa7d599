package io.nvrx.agent.config;

import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.Levels;

import java.util.Locale;

/**
 * A setting whose value names a level: Python's names (DEBUG, INFO, WARNING, ERROR, CRITICAL),
 * the frameworks' own (TRACE, WARN, SEVERE, FATAL), or off/none. Case does not matter. A bad
 * value warns once and leaves the option off.
 */
final class LevelSetting {
    static final int OFF = Integer.MAX_VALUE;

    private LevelSetting() {}

    static int parse(Setting setting, String raw) {
        if (raw == null) {
            return OFF;
        }
        switch (raw.trim().toUpperCase(Locale.ROOT)) {
            case "OFF": case "NONE": case "0": case "FALSE": case "NO": return OFF;
            case "TRACE": case "DEBUG": case "FINE": case "ALL": return Levels.DEBUG;
            case "INFO": return Levels.INFO;
            case "WARN": case "WARNING": return Levels.WARNING;
            case "ERROR": case "SEVERE": return Levels.ERROR;
            case "FATAL": case "CRITICAL": return Levels.CRITICAL;
            default:
                Diagnostics.warn("nvrx-agent: " + setting.display() + "=" + raw
                        + " is not a level (DEBUG, INFO, WARNING, ERROR, CRITICAL, or off); the option stays off");
                return OFF;
        }
    }
}
