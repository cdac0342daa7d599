package io.nvrx.agent.sink;

import java.util.Optional;

/**
 * The fall-back way to find a record's {@code File.java:45}: walk the stack to the first frame
 * that belongs to neither the JDK's printing and logging code, nor a logging framework, nor the
 * agent. Used only where no rewritten call site marked the call (System.err lines, code loaded
 * before the agent, reflection).
 */
public final class CallerLocator {
    /** Where no application frame is found: uncaught exceptions printed by the JVM, for one. */
    public static final String UNKNOWN = "<unknown>:0";

    private static final String[] INFRASTRUCTURE = {
        "io.nvrx.agent.", "io.nvrx.bootstrap.", "io.nvrx.api.", "java.util.logging.", "sun.util.logging.", "jdk.internal.", "java.lang.reflect.",
        "java.lang.invoke.", "java.io.", "sun.nio.cs.", "java.lang.Throwable", "java.lang.Thread",
        "java.lang.System", "java.lang.StackTraceElement",
        "org.slf4j.", "org.apache.logging.", "ch.qos.logback.", "org.apache.log4j.", "org.jboss.logging.",
        "org.jboss.logmanager.", "org.apache.commons.logging.", "jdk.proxy", "com.sun.proxy.",
        "com.lmax.disruptor.", // the ring buffer thread of Log4j 2's async loggers
    };

    private static final StackWalker WALKER = StackWalker.getInstance();

    public String find() {
        Optional<StackWalker.StackFrame> caller = WALKER.walk(frames ->
                frames.filter(frame -> !isInfrastructure(frame.getClassName())).findFirst());
        return caller.map(CallerLocator::fileAndLine).orElse(UNKNOWN);
    }

    public static String fileAndLine(StackWalker.StackFrame frame) {
        String file = frame.getFileName();
        int line = frame.getLineNumber();
        return (file == null ? "unknown" : file) + ":" + Math.max(line, 0);
    }

    public static boolean isInfrastructure(String className) {
        for (String prefix : INFRASTRUCTURE) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
