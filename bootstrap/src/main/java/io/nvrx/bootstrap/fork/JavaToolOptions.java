package io.nvrx.bootstrap.fork;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and extends the {@code JAVA_TOOL_OPTIONS} variable the way the JVM reads it: options
 * separated by white space, with single or double quotes around an option that holds spaces
 * (HotSpot has honoured quotes there since JDK 9).
 */
public final class JavaToolOptions {
    private JavaToolOptions() {}

    /** Splits the variable into options as the JVM does. */
    public static List<String> split(String value) {
        List<String> options = new ArrayList<>();
        if (value == null) {
            return options;
        }
        StringBuilder current = new StringBuilder();
        boolean inOption = false;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inOption = true;
            } else if (Character.isWhitespace(c)) {
                if (inOption) {
                    options.add(current.toString());
                    current.setLength(0);
                    inOption = false;
                }
            } else {
                current.append(c);
                inOption = true;
            }
        }
        if (inOption) {
            options.add(current.toString());
        }
        return options;
    }

    /** The jar paths of every {@code -javaagent:} option. */
    public static List<String> agentJars(String value) {
        List<String> jars = new ArrayList<>();
        for (String option : split(value)) {
            if (option.startsWith("-javaagent:")) {
                String spec = option.substring("-javaagent:".length());
                int eq = spec.indexOf('=');
                jars.add(eq < 0 ? spec : spec.substring(0, eq));
            }
        }
        return jars;
    }

    /** True if {@code jar} names the same file as our agent jar, or looks like another copy of it. */
    public static boolean isOurAgent(String jar, File agentJar) {
        File file = new File(jar);
        try {
            if (agentJar != null && file.getCanonicalFile().equals(agentJar.getCanonicalFile())) {
                return true;
            }
        } catch (IOException ignored) {
            // compare by name below
        }
        return file.getName().startsWith("nvrx-agent") && file.getName().endsWith(".jar");
    }

    /**
     * The variable with {@code -javaagent:<jar>} appended, unless it arms our agent already;
     * the option is quoted when the path holds white space or quotes.
     */
    public static String withAgent(String value, File agentJar) {
        for (String jar : agentJars(value)) {
            if (isOurAgent(jar, agentJar)) {
                return value;
            }
        }
        String option = "-javaagent:" + agentJar.getAbsolutePath();
        if (option.matches(".*[\\s'\"].*")) {
            option = option.indexOf('"') < 0 ? "\"" + option + "\"" : "'" + option + "'";
        }
        return value == null || value.trim().isEmpty() ? option : value + " " + option;
    }
}
