package io.nvrx.agent.format;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The text of a throwable's stack trace, as {@code printStackTrace} prints it (causes,
 * suppressed exceptions and the JDK's own guard against cyclic cause chains included). A
 * throwable whose {@code toString()} or {@code getMessage()} throws still gets its class name
 * and frames, with a placeholder for the text it could not give.
 */
public final class StackTraceText {
    private StackTraceText() {}

    public static String of(Throwable thrown) {
        StringWriter text = new StringWriter(1024);
        try {
            thrown.printStackTrace(new PrintWriter(text));
            return text.toString();
        } catch (Throwable failure) {
            return fallback(thrown, failure);
        }
    }

    private static String fallback(Throwable thrown, Throwable failure) {
        StringBuilder text = new StringBuilder(1024);
        text.append(thrown.getClass().getName()).append(": <toString() threw ")
                .append(failure.getClass().getName()).append(">\n");
        for (StackTraceElement frame : thrown.getStackTrace()) {
            text.append("\tat ").append(frame).append('\n');
        }
        Throwable cause = thrown.getCause();
        if (cause != null && cause != thrown) {
            text.append("Caused by: ").append(cause.getClass().getName()).append('\n');
        }
        return text.toString();
    }
}
