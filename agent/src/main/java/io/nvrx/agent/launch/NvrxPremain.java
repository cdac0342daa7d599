package io.nvrx.agent.launch;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * The agent's entry point, compiled for Java 8 and using only Java 8 API, so that any JVM can
 * load it. It decides, as cheaply as it can, whether to do anything at all: the kill switch, a
 * JVM older than 11, a JDK tool that inherited JAVA_TOOL_OPTIONS, a second copy of the agent.
 * Only then does it define the bootstrap classes in the boot loader and start the agent proper.
 * Nothing thrown here can abort the JVM.
 */
public final class NvrxPremain {
    /** Set once per JVM by the first copy of the agent that starts. */
    static final String LOADED_MARKER = "io.nvrx.agent.loaded";

    private NvrxPremain() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static void start(String args, Instrumentation inst) {
        try {
            // JDK tools first: that test reads system properties only, the kill switch also the
            // environment, whose first read costs a JDK tool under JAVA_TOOL_OPTIONS a millisecond.
            if (JdkTools.isJdkTool() || isSwitchedOff(args) || JdkTools.isAgentProgram()) {
                return;
            }
            if (!runsOnJava11OrNewer()) {
                System.err.println("nvrx-agent: needs Java 11 or newer, this JVM is "
                        + System.getProperty("java.specification.version") + "; the agent is off");
                return;
            }
            String jar = agentJarPath();
            if (System.getProperties().putIfAbsent(LOADED_MARKER, jar == null ? "?" : jar) != null) {
                return; // loaded twice (-javaagent plus JAVA_TOOL_OPTIONS, or two paths): once is enough
            }
            if (jar == null) {
                System.err.println("nvrx-agent: cannot find the agent jar's path; the agent is off");
                return;
            }
            // Both are Java 11 classes, reached only now that the JVM is known to be new enough.
            Class<?> injector = Class.forName("io.nvrx.agent.boot.BootstrapInjector");
            injector.getMethod("inject", Instrumentation.class, String.class).invoke(null, inst, jar);
            Class<?> agent = Class.forName("io.nvrx.agent.NvrxAgent");
            Method startMethod = agent.getMethod("start", String.class, Instrumentation.class, String.class);
            startMethod.invoke(null, args, inst, jar);
        } catch (Throwable failure) {
            // Say what failed, not that a reflective call did.
            Throwable cause = failure instanceof java.lang.reflect.InvocationTargetException && failure.getCause() != null
                    ? failure.getCause() : failure;
            System.err.println("nvrx-agent: could not start (" + cause + "); the JVM runs without it");
        }
    }

    /**
     * The kill switch, in the order of every setting: the agent argument {@code agent=off}, then
     * {@code -Dnvrx.agent}, then {@code NVRX_AGENT}; an empty value counts as unset. A value that
     * is none of on/off words warns and leaves the agent on.
     */
    private static boolean isSwitchedOff(String args) {
        String value = agentArgument(args, "agent");
        String origin = "agent argument agent";
        if (isBlank(value)) {
            value = System.getProperty("nvrx.agent");
            origin = "-Dnvrx.agent";
        }
        if (isBlank(value)) {
            value = System.getenv("NVRX_AGENT");
            origin = "NVRX_AGENT";
        }
        if (isBlank(value)) {
            return false;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("off") || v.equals("0") || v.equals("false") || v.equals("no")) {
            return true;
        }
        if (!(v.equals("on") || v.equals("1") || v.equals("true") || v.equals("yes"))) {
            System.err.println("nvrx-agent: " + origin + "=" + value.trim() + " is not one of on, off (1, 0, true, false,"
                    + " yes, no); the agent stays on");
        }
        return false;
    }

    private static boolean isBlank(String value) {
        return value == null || value.trim().isEmpty();
    }

    /** The value of {@code key=value} in the agent's arguments (comma-separated), or null. */
    private static String agentArgument(String args, String key) {
        if (args == null) {
            return null;
        }
        for (String part : args.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return part.substring(eq + 1);
            }
        }
        return null;
    }

    private static boolean runsOnJava11OrNewer() {
        String spec = System.getProperty("java.specification.version", "1.8");
        if (spec.startsWith("1.")) {
            return false;
        }
        try {
            int dot = spec.indexOf('.');
            return Integer.parseInt(dot < 0 ? spec : spec.substring(0, dot)) >= 11;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String agentJarPath() {
        try {
            java.security.CodeSource source = NvrxPremain.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            return new java.io.File(source.getLocation().toURI()).getAbsolutePath();
        } catch (Exception e) {
            return null;
        }
    }
}
