package io.nvrx.bootstrap.frameworks;

import io.nvrx.bootstrap.Levels;

/**
 * Each framework's level numbers mapped onto the Python levels the NVRx line prints. A custom
 * level falls to the nearest standard level at or below it in severity.
 */
public final class FrameworkLevels {
    private FrameworkLevels() {}

    /** Log4j 2 {@code intLevel()}: FATAL 100, ERROR 200, WARN 300, INFO 400, DEBUG 500, TRACE 600 (smaller is more severe). */
    public static int fromLog4j2(int intLevel) {
        if (intLevel <= 100) return Levels.CRITICAL;
        if (intLevel <= 200) return Levels.ERROR;
        if (intLevel <= 300) return Levels.WARNING;
        if (intLevel <= 400) return Levels.INFO;
        return Levels.DEBUG;
    }

    /** Logback {@code Level.toInt()}: ERROR 40000, WARN 30000, INFO 20000, DEBUG 10000, TRACE 5000. */
    public static int fromLogback(int levelInt) {
        if (levelInt >= 40000) return Levels.ERROR;
        if (levelInt >= 30000) return Levels.WARNING;
        if (levelInt >= 20000) return Levels.INFO;
        return Levels.DEBUG;
    }

    /** Log4j 1.2 / reload4j {@code Level.toInt()}: FATAL 50000, ERROR 40000, WARN 30000, INFO 20000, DEBUG 10000, TRACE 5000. */
    public static int fromLog4j1(int levelInt) {
        if (levelInt >= 50000) return Levels.CRITICAL;
        return fromLogback(levelInt);
    }

    /** JBoss LogManager: JUL values plus FATAL 1100, ERROR 1000, WARN 900, INFO 800, DEBUG 500, TRACE 400. */
    public static int fromJboss(int julValue) {
        if (julValue >= 1100) return Levels.CRITICAL;
        return Levels.fromJul(julValue);
    }

    /** slf4j-simple (and {@code org.slf4j.event.Level.toInt()}): ERROR 40, WARN 30, INFO 20, DEBUG 10, TRACE 0. */
    public static int fromSlf4j(int levelInt) {
        if (levelInt >= 40) return Levels.ERROR;
        if (levelInt >= 30) return Levels.WARNING;
        if (levelInt >= 20) return Levels.INFO;
        return Levels.DEBUG;
    }
}
