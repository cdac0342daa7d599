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
            if (JdkTools.isJdkTool() || isSwitchedOff() || JdkTools.isAgentProgram()) {
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

    private static boolean isSwitchedOff() {
        String value = System.getProperty("nvrx.agent");
        if (value == null) {
            value = System.getenv("NVRX_AGENT");
        }
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase();
        return v.equals("off") || v.equals("0") || v.equals("false") || v.equals("no");
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
