package io.nvrx.agent.stdio;

import io.nvrx.bootstrap.RecordSink;

import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Replaces System.err (and, as an option, System.out) before main runs, with a PrintStream of
 * the same charset over a {@link LineRoutingStream}. PrintStream itself is not instrumented.
 */
public final class StandardStreams {
    private StandardStreams() {}

    /** Installs the redirect; returns the stream to flush at exit. */
    public static LineRoutingStream routeStderr(PrintStream originalStderr) {
        Charset charset = charsetOf("stderr");
        LineRoutingStream lines = new LineRoutingStream(RecordSink.STDERR, "stderr", charset, originalStderr);
        PrintStream replacement = new PrintStream(lines, true, charset);
        lines.installedAs(replacement);
        System.setErr(replacement);
        return lines;
    }

    public static LineRoutingStream routeStdout(PrintStream originalStdout) {
        Charset charset = charsetOf("stdout");
        LineRoutingStream lines = new LineRoutingStream(RecordSink.STDOUT, "stdout", charset, originalStdout);
        PrintStream replacement = new PrintStream(lines, true, charset);
        lines.installedAs(replacement);
        System.setOut(replacement);
        return lines;
    }

    /** The charset the JVM gave the standard stream (Java 11-17 properties; 18+ stdout/stderr.encoding). */
    private static Charset charsetOf(String streamName) {
        for (String property : new String[] {streamName + ".encoding", "sun." + streamName + ".encoding"}) {
            String name = System.getProperty(property);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException ignored) {
                    // try the next
                }
            }
        }
        return Charset.defaultCharset();
    }
}
