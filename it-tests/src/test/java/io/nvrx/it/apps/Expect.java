package io.nvrx.it.apps;

/**
 * Lets a test application announce, on stdout, where each of its log calls is, so that a test
 * asserts the exact file:line without hard-coding line numbers. Used on the same source line as
 * the log call: {@code Expect.at("hello"); LOG.info("hello");}
 */
public final class Expect {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Expect() {}

    public static void at(String message) {
        StackWalker.StackFrame caller = WALKER.walk(frames -> frames.skip(1).findFirst()).orElseThrow();
        System.out.println("EXPECT " + caller.getFileName() + ":" + caller.getLineNumber() + " " + message);
    }
}
