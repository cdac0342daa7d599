package io.nvrx.agent.cli.read;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Python level names as the tools read and write them. The tools do not use the bootstrap's
 * Levels class: {@code java -jar nvrx-agent.jar} runs them without the bootstrap classes.
 */
public final class Levels {
    static final byte[] DEBUG = bytes("DEBUG");
    static final byte[] INFO = bytes("INFO");
    static final byte[] WARNING = bytes("WARNING");
    static final byte[] ERROR = bytes("ERROR");
    static final byte[] CRITICAL = bytes("CRITICAL");

    private Levels() {}

    public static String name(int level) {
        switch (level) {
            case 10: return "DEBUG";
            case 20: return "INFO";
            case 30: return "WARNING";
            case 40: return "ERROR";
            case 50: return "CRITICAL";
            default: return "-";
        }
    }

    static int nameLength(int level) {
        return name(level).length();
    }

    /** Parses a level name (any case; WARN and FATAL accepted), or throws IllegalArgumentException. */
    public static int parse(String name) {
        switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "DEBUG": return 10;
            case "INFO": return 20;
            case "WARN": case "WARNING": return 30;
            case "ERROR": return 40;
            case "CRITICAL": case "FATAL": return 50;
            default:
                throw new IllegalArgumentException("unknown level '" + name
                        + "': use DEBUG, INFO, WARNING, ERROR or CRITICAL");
        }
    }

    /** The level of a name given as bytes (JSON records), or 0. */
    static int of(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 4 && HeaderParser.startsWith(b, from, to, INFO)) return 20;
        if (n == 5 && HeaderParser.startsWith(b, from, to, DEBUG)) return 10;
        if (n == 5 && HeaderParser.startsWith(b, from, to, ERROR)) return 40;
        if (n == 7 && HeaderParser.startsWith(b, from, to, WARNING)) return 30;
        if (n == 8 && HeaderParser.startsWith(b, from, to, CRITICAL)) return 50;
        return 0;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
