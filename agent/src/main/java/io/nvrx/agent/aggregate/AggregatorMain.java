package io.nvrx.agent.aggregate;

import io.nvrx.agent.spool.SafeFiles;
import io.nvrx.agent.spool.SpoolLayout;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The aggregator as a program: {@code java -cp nvrx-agent.jar io.nvrx.agent.aggregate.AggregatorMain
 * <spool dir> [options]}. Agents in node-local mode start it (see spool/AggregatorSpawner); the
 * {@code aggregate} command of {@code java -jar nvrx-agent.jar} runs the same thing by hand.
 *
 * <p>On SIGTERM (SLURM ending a job) it writes what it has read, saves its state and exits; the
 * next aggregator carries on from there. A failure is written to {@code nvrx-aggregator.log} in
 * the spool directory, since its standard streams usually go nowhere.
 */
public final class AggregatorMain {
    private AggregatorMain() {}

    /** Set when a signal stops the JVM: main then returns instead of calling System.exit (which would block). */
    private static volatile boolean stoppedBySignal;

    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.out, System.err);
        if (!stoppedBySignal) {
            System.exit(code);
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        AggregatorOptions options;
        try {
            options = AggregatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("nvrx aggregate: " + e.getMessage());
            err.println(AggregatorOptions.USAGE);
            return 2;
        }
        Aggregator aggregator = new Aggregator(options, err);
        Thread main = Thread.currentThread();
        Thread onTerm = new Thread(() -> {
            stoppedBySignal = true;
            aggregator.requestStop();
            try {
                main.join(3000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "nvrx-aggregator-stop");
        Runtime.getRuntime().addShutdownHook(onTerm);
        try {
            return aggregator.run();
        } catch (Throwable failure) {
            report(options.spoolDir, failure);
            err.println("nvrx aggregate: " + failure);
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onTerm);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
    }

    private static void report(Path spoolDir, Throwable failure) {
        Path file = spoolDir.resolve(SpoolLayout.AGGREGATOR_LOG);
        try {
            java.nio.file.attribute.BasicFileAttributes existing = SafeFiles.attributes(file);
            if (existing != null && !existing.isRegularFile()) {
                return; // a link or FIFO planted at our name: never written through (or blocked on)
            }
        } catch (Exception e) {
            return;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, SafeFiles.options(
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND,
                     java.nio.file.LinkOption.NOFOLLOW_LINKS), SafeFiles.privateFile(spoolDir));
             PrintStream log = new PrintStream(java.nio.channels.Channels.newOutputStream(channel), true, "UTF-8")) {
            log.println(Instant.now() + " aggregator pid " + ProcessHandle.current().pid() + " failed:");
            failure.printStackTrace(log);
        } catch (Exception ignored) {
            // nowhere else to report
        }
    }
}
