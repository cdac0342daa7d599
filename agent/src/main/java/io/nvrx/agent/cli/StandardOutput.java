package io.nvrx.agent.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The byte stream a tool writes its bulk output to. For the real standard output that is the
 * file descriptor itself: no PrintStream lock per write, and a closed pipe ({@code | head})
 * is an IOException that stops the tool instead of an error flag it would never look at.
 */
final class StandardOutput {
    private StandardOutput() {}

    static OutputStream of(PrintStream out) {
        if (out == System.out) {
            out.flush();
            return new FileOutputStream(FileDescriptor.out);
        }
        return out;
    }

    /** True for the error a closed pipe gives: the reader went away, nothing to report. */
    static boolean isBrokenPipe(Throwable e) {
        return e instanceof java.io.IOException && e.getMessage() != null
                && (e.getMessage().contains("Broken pipe") || e.getMessage().contains("Stream closed"));
    }
}
