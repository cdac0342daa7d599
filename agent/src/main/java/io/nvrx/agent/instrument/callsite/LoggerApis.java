package io.nvrx.agent.instrument.callsite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The logging APIs whose call sites are rewritten: each type (internal name) with the
 * methods that log. A call to one of these methods in application code gets its
 * {@code File.java:line} marked as a constant just before it.
 */
final class LoggerApis {
    private static final String[] SLF4J_LIKE = {"trace", "debug", "info", "warn", "error", "fatal", "log"};
    private static final String[] JBOSS = {"trace", "tracef", "tracev", "debug", "debugf", "debugv", "info", "infof",
        "infov", "warn", "warnf", "warnv", "error", "errorf", "errorv", "fatal", "fatalf", "fatalv", "log", "logf", "logv"};

    private final Map<String, Set<String>> methodsByOwner = new HashMap<>();
    private final byte[][] ownerNames;

    LoggerApis() {
        add("java/util/logging/Logger", "severe", "warning", "info", "config", "fine", "finer", "finest", "log",
                "logp", "logrb", "entering", "exiting", "throwing");
        add("java/lang/System$Logger", "log");
        add("org/slf4j/Logger", SLF4J_LIKE);
        add("org/slf4j/spi/LoggingEventBuilder", "log");
        add("org/apache/logging/log4j/Logger", "trace", "debug", "info", "warn", "error", "fatal", "log", "printf",
                "catching", "throwing", "entry", "exit", "traceEntry", "traceExit");
        add("org/apache/logging/log4j/LogBuilder", "log");
        add("org/apache/log4j/Logger", "trace", "debug", "info", "warn", "error", "fatal", "log", "l7dlog");
        add("org/apache/log4j/Category", "debug", "info", "warn", "error", "fatal", "log", "l7dlog");
        add("org/apache/commons/logging/Log", SLF4J_LIKE);
        add("org/jboss/logging/Logger", JBOSS);
        add("org/jboss/logging/BasicLogger", JBOSS);
        add("org/jboss/logmanager/Logger", "severe", "warning", "info", "config", "fine", "finer", "finest", "log",
                "logp", "logrb", "entering", "exiting", "throwing");
        add("org/apache/logging/log4j/core/Logger", "trace", "debug", "info", "warn", "error", "fatal", "log", "printf");
        add("ch/qos/logback/classic/Logger", SLF4J_LIKE);
        ownerNames = new byte[methodsByOwner.size()][];
        int i = 0;
        for (String owner : methodsByOwner.keySet()) {
            ownerNames[i++] = owner.getBytes(StandardCharsets.UTF_8);
        }
    }

    private void add(String owner, String... methods) {
        methodsByOwner.put(owner, new HashSet<>(Arrays.asList(methods)));
    }

    boolean isLoggingCall(String owner, String method) {
        Set<String> methods = methodsByOwner.get(owner);
        return methods != null && methods.contains(method);
    }

    /** The owners' names as they appear in a class file's constant pool. */
    byte[][] ownerNames() {
        return ownerNames;
    }
}
