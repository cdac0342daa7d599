package io.nvrx.agent.launch;

/**
 * Recognises JDK tools (javac, jar, jps, jcmd, jstack, keytool, ...) and Maven, which inherit
 * JAVA_TOOL_OPTIONS from a job script: the agent leaves them exactly as they are. Reads two
 * system properties, nothing more, so that a tool pays only for loading this class.
 */
final class JdkTools {
    private static final String[] TOOL_MAIN_PREFIXES = {
        "com.sun.tools.",          // javac, jar (old), javadoc, jdeps ...
        "sun.tools.",              // jps, jstat, jinfo, jmap, jstack, jcmd (sun.tools.jcmd)
        "sun.security.tools.",     // keytool, jarsigner
        "jdk.internal.jshell.",    // jshell
        "jdk.jpackage.", "jdk.jlink.", "jdk.tools.",
        "org.codehaus.plexus.classworlds.launcher.", // mvn
        "org.codehaus.classworlds.",
        "org.apache.maven.wrapper.",
    };

    /** The single-file source launcher runs the user's program: it is not a tool. */
    private static final String SOURCE_LAUNCHER = "com.sun.tools.javac.launcher.";

    private JdkTools() {}

    /**
     * True for the agent's own programs ({@code java -jar nvrx-agent.jar launch ...}, the
     * aggregator), which must never instrument themselves even when JAVA_TOOL_OPTIONS arms them.
     */
    static boolean isAgentProgram() {
        String command = System.getProperty("sun.java.command", "");
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        return first.startsWith("io.nvrx.agent.")
                || first.endsWith(".jar") && new java.io.File(first).getName().startsWith("nvrx-agent");
    }

    static boolean isJdkTool() {
        String module = System.getProperty("jdk.module.main");
        if (module != null && (module.startsWith("jdk.") || module.startsWith("java."))) {
            String mainClass = System.getProperty("jdk.module.main.class", "");
            return !mainClass.startsWith(SOURCE_LAUNCHER);
        }
        String command = System.getProperty("sun.java.command", "");
        String mainClass = command;
        int space = command.indexOf(' ');
        if (space >= 0) {
            mainClass = command.substring(0, space);
        }
        int slash = mainClass.indexOf('/');
        if (slash >= 0) {
            mainClass = mainClass.substring(slash + 1); // module/class form
        }
        if (mainClass.startsWith(SOURCE_LAUNCHER)) {
            return false;
        }
        for (String prefix : TOOL_MAIN_PREFIXES) {
            if (mainClass.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
