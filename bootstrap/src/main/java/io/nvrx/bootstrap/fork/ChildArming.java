package io.nvrx.bootstrap.fork;

import io.nvrx.bootstrap.Diagnostics;

import java.io.File;
import java.util.Map;

/**
 * Re-arms child JVMs: called by the advice on {@code ProcessBuilder.start} (which
 * {@code Runtime.exec} goes through too), just before the child process is created. The child's
 * environment gets
 * <ul>
 * <li>the agent in {@code JAVA_TOOL_OPTIONS}, appended to what is there, never twice (not for a
 *     child whose stdout and stderr the parent both reads: see {@link #armChild});</li>
 * <li>{@value #PARENT}: who started it (pid and rank fields), so that the child keeps the
 *     parent's ranks where its own environment has none, and never spawns an aggregator;</li>
 * <li>{@value #PARENT_READS}: which of its standard streams the parent reads through a pipe
 *     (or a file it chose), so that the child leaves exactly those untouched;</li>
 * <li>every NVRX_ variable of this process that the child's environment does not set itself
 *     (a child started with a cleared environment still logs where its parent does).</li>
 * </ul>
 * The app's ProcessBuilder is given back as it was once the child has started: what was
 * added or changed in its environment is undone ({@link #restore}).
 * A non-Java child only sees the variables. If the agent jar no longer exists the child is not
 * armed: a missing -javaagent jar would stop a JVM from starting. A child whose environment
 * switches the agent off ({@code NVRX_AGENT=off}), or whose arguments do ({@code -Dnvrx.agent=off}),
 * is left exactly as it was built.
 */
public final class ChildArming {
    public static final String PARENT = "NVRX_PARENT";
    public static final String PARENT_READS = "NVRX_PARENT_READS";
    private static final String TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    private static volatile ChildArming armed;

    private final String agentJar;
    private final String parentInfo;
    private final Map<String, String> environment;

    private ChildArming(String agentJar, String parentInfo, Map<String, String> environment) {
        this.agentJar = agentJar;
        this.parentInfo = parentInfo;
        this.environment = environment;
    }

    /**
     * Turns re-arming on (the agent's start-up).
     *
     * @param environment this process's environment ({@code System.getenv()}); its {@code NVRX_}
     *                    settings are handed on to children whose environment lacks them. They
     *                    are picked out when a child starts, not at the JVM's start-up.
     */
    public static void enable(String agentJar, String parentInfo, Map<String, String> environment) {
        armed = new ChildArming(agentJar, parentInfo, environment);
    }

    public static void disable() {
        armed = null;
    }

    /**
     * Called from the advice with the ProcessBuilder and the redirects it is about to use
     * (index 1 stdout, 2 stderr; null means all pipes).
     */
    /**
     * @return what {@link #restore} needs to give the builder's environment back as it was
     *         (the values the arming replaced, null for a variable it added), or null
     */
    public static Object arm(ProcessBuilder builder, Object[] redirects) {
        ChildArming self = armed;
        if (self == null || builder == null) {
            return null;
        }
        Map<String, String> before = new java.util.HashMap<>();
        try {
            self.armChild(builder, redirects, before);
        } catch (Throwable failure) {
            Diagnostics.warnOnce("fork", "nvrx-agent: could not arm a child process (" + failure
                    + "); it starts as without the agent");
        }
        return before.isEmpty() ? null : before;
    }

    /**
     * After the child started (or failed to): the app's ProcessBuilder gets back the environment
     * it had, so that a program that reads or reuses it sees only its own settings.
     */
    @SuppressWarnings("unchecked")
    public static void restore(ProcessBuilder builder, Object undo) {
        if (builder == null || !(undo instanceof Map)) {
            return;
        }
        try {
            Map<String, String> env = builder.environment();
            for (Map.Entry<String, String> old : ((Map<String, String>) undo).entrySet()) {
                if (old.getValue() == null) {
                    env.remove(old.getKey());
                } else {
                    env.put(old.getKey(), old.getValue());
                }
            }
        } catch (Throwable failure) {
            Diagnostics.warnOnce("fork-restore", "nvrx-agent: could not restore a ProcessBuilder's environment ("
                    + failure + ")");
        }
    }

    private void armChild(ProcessBuilder builder, Object[] redirects, Map<String, String> before) {
        Map<String, String> env = builder.environment();
        if (switchedOff(env.get("NVRX_AGENT")) || switchedOffOnCommandLine(builder.command())) {
            // Started with the agent switched off on purpose (as the node aggregator is): its
            // JVM does not even load the agent to find that out.
            return;
        }
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (name.startsWith("NVRX_") && !name.equals(PARENT) && !name.equals(PARENT_READS) && !env.containsKey(name)) {
                set(env, before, name, variable.getValue());
            }
        }
        set(env, before, PARENT, parentInfo);
        String reads = parentReads(builder, redirects);
        set(env, before, PARENT_READS, reads);
        if (reads.equals("stdout,stderr")) {
            // The parent reads both of the child's streams (ProcessBuilder's default pipes): the
            // child would route nothing, and its JVM would add "Picked up JAVA_TOOL_OPTIONS: ..."
            // to the stderr the parent reads. Not armed; its own children inherit nothing of ours.
            return;
        }
        if (!new File(agentJar).isFile()) {
            Diagnostics.warnOnce("fork-jar", "nvrx-agent: " + agentJar + " no longer exists; child JVMs are not armed");
            return;
        }
        set(env, before, TOOL_OPTIONS, JavaToolOptions.withAgent(env.get(TOOL_OPTIONS), new File(agentJar)));
    }

    /** Sets a variable of the child, noting what it was (null: absent) the first time. */
    private static void set(Map<String, String> env, Map<String, String> before, String name, String value) {
        if (!before.containsKey(name)) {
            before.put(name, env.get(name));
        }
        env.put(name, value);
    }

    /** A {@code -Dnvrx.agent=off} (or 0, false, no) among the child's arguments. */
    private static boolean switchedOffOnCommandLine(java.util.List<String> command) {
        for (String argument : command) {
            if (argument != null && argument.startsWith("-Dnvrx.agent=")
                    && switchedOff(argument.substring("-Dnvrx.agent=".length()))) {
                return true;
            }
        }
        return false;
    }

    /** The values of NVRX_AGENT that switch the agent off (as the agent's premain reads them). */
    private static boolean switchedOff(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("off") || v.equals("0") || v.equals("false") || v.equals("no");
    }

    /**
     * "stdout,stderr", "stdout", "stderr" or "": the child's streams that a parent reads: those
     * not inherited, and those inherited from a stream of this process that its own parent reads
     * (a grandchild writing into the pipe its grandparent reads leaves it alone too).
     */
    private static String parentReads(ProcessBuilder builder, Object[] redirects) {
        int readHere = io.nvrx.bootstrap.Router.parentReadStreams();
        boolean stdoutRead = !isInherit(redirects, 1) || (readHere & io.nvrx.bootstrap.RecordSink.STDOUT) != 0;
        boolean stderrRead = builder.redirectErrorStream() ? stdoutRead
                : !isInherit(redirects, 2) || (readHere & io.nvrx.bootstrap.RecordSink.STDERR) != 0;
        StringBuilder reads = new StringBuilder();
        if (stdoutRead) {
            reads.append("stdout");
        }
        if (stderrRead) {
            reads.append(reads.length() > 0 ? ",stderr" : "stderr");
        }
        return reads.toString();
    }

    private static boolean isInherit(Object[] redirects, int index) {
        return redirects != null && redirects.length > index && redirects[index] == ProcessBuilder.Redirect.INHERIT;
    }
}
