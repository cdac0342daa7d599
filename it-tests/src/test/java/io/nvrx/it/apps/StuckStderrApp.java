package io.nvrx.it.apps;

/**
 * Writes to stderr without end from a thread of its own; the test never reads that pipe, so
 * the writer blocks once the pipe is full. Prints READY on stdout first, then waits for SIGTERM.
 */
public final class StuckStderrApp {
    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("APP HOOK RAN")));
        Thread writer = new Thread(() -> {
            for (long i = 0; ; i++) {
                System.err.println("line " + i + " of output nobody reads");
            }
        }, "stderr-writer");
        writer.setDaemon(true);
        writer.start();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
