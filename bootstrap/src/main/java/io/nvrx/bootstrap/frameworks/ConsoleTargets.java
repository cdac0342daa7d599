package io.nvrx.bootstrap.frameworks;

import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.RecordSink;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;

/**
 * Which standard stream a console sink writes to, where the framework offers no public getter.
 * <ul>
 * <li>JBoss LogManager's ConsoleHandler: its hooks on the constructor and {@code setTarget}
 *     remember each handler's target here (handlers are few; a lock-free copy-on-write list of
 *     weak references).</li>
 * <li>slf4j-simple: its configuration object's {@code outputChoice}, read by reflection once per
 *     configuration object (it is set once, at initialisation).</li>
 * </ul>
 */
public final class ConsoleTargets {
    /** Not a console: slf4j-simple writing to a file. */
    public static final int NOT_CONSOLE = 0;

    private static volatile Registered[] handlers = new Registered[0];
    private static volatile Object simpleConfig;
    private static volatile int simpleStream;

    private ConsoleTargets() {}

    private static final class Registered {
        final WeakReference<Object> handler;
        final int stream;

        Registered(Object handler, int stream) {
            this.handler = new WeakReference<>(handler);
            this.stream = stream;
        }
    }

    /** A JBoss ConsoleHandler got its target (SYSTEM_OUT, SYSTEM_ERR, CONSOLE). */
    public static synchronized void remember(Object handler, String targetName) {
        int stream = "SYSTEM_ERR".equals(targetName) ? RecordSink.STDERR : RecordSink.STDOUT;
        Registered[] old = handlers;
        Registered[] next = new Registered[old.length + 1];
        int n = 0;
        for (Registered r : old) {
            Object h = r.handler.get();
            if (h != null && h != handler) {
                next[n++] = r;
            }
        }
        next[n++] = new Registered(handler, stream);
        handlers = java.util.Arrays.copyOf(next, n);
    }

    /** The stream remembered for a handler; standard output (JBoss's default) if none was. */
    public static int streamOf(Object handler) {
        for (Registered r : handlers) {
            if (r.handler.get() == handler) {
                return r.stream;
            }
        }
        return RecordSink.STDOUT;
    }

    /**
     * slf4j-simple's stream, from its configuration ({@code SimpleLogger.CONFIG_PARAMS}):
     * {@link RecordSink#STDOUT}, {@link RecordSink#STDERR}, or {@link #NOT_CONSOLE} for a file
     * or a configuration this version of the agent cannot read (then the logger prints alone).
     */
    public static int slf4jSimpleStream(Object config) {
        if (config == null) {
            return NOT_CONSOLE;
        }
        if (config == simpleConfig) {
            return simpleStream;
        }
        int stream = readSimpleOutputChoice(config);
        simpleStream = stream;
        simpleConfig = config;
        return stream;
    }

    private static int readSimpleOutputChoice(Object config) {
        try {
            Object choice = field(config, "outputChoice");
            Object type = field(choice, "outputChoiceType");
            String name = ((Enum<?>) type).name();
            if (name.endsWith("SYS_OUT")) return RecordSink.STDOUT;
            if (name.endsWith("SYS_ERR")) return RecordSink.STDERR;
            return NOT_CONSOLE;
        } catch (Throwable failure) {
            Diagnostics.debug("slf4j-simple: cannot read its output choice (" + failure + "); it prints alone");
            return NOT_CONSOLE;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
