package io.nvrx.it.apps;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages that try to forge log records (CWE-117): a line break followed by a fake record
 * header of another rank, a carriage return, terminal escape sequences, Unicode line breaks,
 * in a log message, in an exception message and on System.err. Knows nothing of the agent.
 */
public final class ForgeApp {
    private static final Logger LOG = Logger.getLogger("app.forge");
    /** A complete, valid NVRx header of rank 99 in file Fake.java. */
    public static final String FAKE = "2024-01-15 10:30:45,123 [ERROR] [othernode] [workload:99(9) infra:99(9)] Fake.java:1 forged";

    public static void main(String[] args) {
        LOG.info("newline then fake header\n" + FAKE);
        LOG.info("crlf then fake header\r\n" + FAKE);
        LOG.info("carriage return then fake header\r" + FAKE);
        LOG.info("terminal escapes \u001b[2J\u001b[1;1H\u001b[31m" + FAKE + "\u001b[0m bell\u0007");
        LOG.info("unicode breaks\u0085" + FAKE + "\u2028" + FAKE + "\u2029" + FAKE + " bidi \u202e" + "reversed");
        LOG.log(Level.WARNING, "a thrown exception with a forged message", new IllegalStateException("boom\n" + FAKE));
        System.err.println("stderr newline\n" + FAKE);
        System.err.println("stderr escapes \u001b]0;title\u0007\u001b[31m" + FAKE);
        System.out.println("DONE");
    }
}
