package io.nvrx.bootstrap;

/**
 * Python logging levels, which the NVRx line format prints by name, and the mapping from each
 * framework's levels onto them (the other frameworks: frameworks/FrameworkLevels). Kept as ints so that a hook passes a level without allocating.
 */
public final class Levels {
    public static final int DEBUG = 10;
    public static final int INFO = 20;
    public static final int WARNING = 30;
    public static final int ERROR = 40;
    public static final int CRITICAL = 50;

    private Levels() {}

    /** The Python name of a level: DEBUG, INFO, WARNING, ERROR or CRITICAL. */
    public static String name(int level) {
        if (level >= CRITICAL) return "CRITICAL";
        if (level >= ERROR) return "ERROR";
        if (level >= WARNING) return "WARNING";
        if (level >= INFO) return "INFO";
        return "DEBUG";
    }

    /**
     * java.util.logging: SEVERE (1000) is ERROR, WARNING (900) is WARNING, INFO (800) and
     * CONFIG (700) are INFO, FINE (500) and below are DEBUG. Custom levels fall between by value.
     */
    public static int fromJul(int julLevelValue) {
        if (julLevelValue >= 1000) return ERROR;
        if (julLevelValue >= 900) return WARNING;
        if (julLevelValue >= 700) return INFO;
        return DEBUG;
    }
}
