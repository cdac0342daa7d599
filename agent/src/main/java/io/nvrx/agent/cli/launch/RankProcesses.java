package io.nvrx.agent.cli.launch;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * N local copies of one command, one per rank, as {@code torchrun --standalone} starts them:
 * each with RANK, LOCAL_RANK, WORLD_SIZE and LOCAL_WORLD_SIZE set and standard streams
 * inherited. Watches them until all have ended; the first failure stops the others (unless
 * told to keep going), a time-out stops them all, and stopping is SIGTERM, a grace period,
 * then SIGKILL for whatever is left, descendants included.
 */
public final class RankProcesses {
    /** Exit code when the command cannot be found, as a shell gives. */
    public static final int NOT_FOUND = 127;
    /** Exit code when the command cannot be run (not executable), as a shell gives. */
    public static final int CANNOT_RUN = 126;
    /** Exit code when the time-out stopped the ranks, as timeout(1) gives. */
    public static final int TIMED_OUT = 124;

    private final List<String> command;
    private final int nproc;
    private final Map<String, String> extraEnv;
    private final long graceMillis;
    private final PrintStream notes;
    private final List<Process> processes = new ArrayList<>();
    private volatile boolean stopping;

    public RankProcesses(List<String> command, int nproc, Map<String, String> extraEnv, long graceMillis,
                         PrintStream notes) {
        this.command = command;
        this.nproc = nproc;
        this.extraEnv = extraEnv;
        this.graceMillis = graceMillis;
        this.notes = notes;
    }

    /**
     * Starts every rank, waits, and returns the job's exit code: 0 if every rank exited 0, else
     * the exit code of the first rank seen failing (ranks the launcher itself stopped do not
     * count), else {@link #TIMED_OUT}.
     */
    public int run(long timeoutMillis, boolean keepGoing) throws InterruptedException {
        for (int rank = 0; rank < nproc; rank++) {
            try {
                processes.add(start(rank));
            } catch (IOException e) {
                String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                boolean missing = reason != null && (reason.contains("error=2,") || reason.contains("No such file"));
                notes.println("nvrx launch: cannot start '" + command.get(0) + "': "
                        + (reason == null ? e.toString() : reason.replaceFirst("^error=\\d+, ", "")));
                stopAll();
                return missing ? NOT_FOUND : CANNOT_RUN;
            }
        }
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE;
        boolean[] ended = new boolean[nproc];
        int left = nproc;
        Integer firstFailure = null;
        while (left > 0) {
            for (int rank = 0; rank < nproc; rank++) {
                Process p = processes.get(rank);
                if (ended[rank] || p.isAlive()) {
                    continue;
                }
                ended[rank] = true;
                left--;
                int code = p.exitValue();
                if (code != 0 && !stopping && firstFailure == null) {
                    firstFailure = code;
                    notes.println("nvrx launch: rank " + rank + " exited with " + code + describe(code)
                            + (keepGoing || left == 0 ? "" : "; stopping the " + left + " other rank(s)"));
                    if (!keepGoing) {
                        stopAll();
                    }
                }
            }
            if (left > 0 && System.nanoTime() > deadline && !stopping) {
                List<Integer> hung = new ArrayList<>();
                for (int rank = 0; rank < nproc; rank++) {
                    if (!ended[rank]) hung.add(rank);
                }
                notes.println("nvrx launch: time-out after " + timeoutMillis / 1000.0 + " s; rank(s) " + hung
                        + " still running; stopping them");
                stopAll();
                if (firstFailure == null) {
                    firstFailure = TIMED_OUT;
                }
            }
            if (left > 0) {
                Thread.sleep(20);
            }
        }
        return firstFailure == null ? 0 : firstFailure;
    }

    private Process start(int rank) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.putAll(extraEnv);
        env.put("RANK", Integer.toString(rank));
        env.put("LOCAL_RANK", Integer.toString(rank));
        env.put("WORLD_SIZE", Integer.toString(nproc));
        env.put("LOCAL_WORLD_SIZE", Integer.toString(nproc));
        env.put("GROUP_RANK", "0");
        return builder.start();
    }

    /** SIGTERM to every live rank, then after the grace period SIGKILL to what is left (and its children). */
    public synchronized void stopAll() {
        stopping = true;
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            if (p.isAlive()) {
                p.descendants().forEach(all::add);
                all.add(p.toHandle());
                p.destroy();
            }
        }
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        for (Process p : processes) {
            try {
                long wait = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(wait, TimeUnit.NANOSECONDS)) {
                    notes.println("nvrx launch: pid " + p.pid() + " did not stop within " + graceMillis / 1000.0
                            + " s of SIGTERM; killing it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private static String describe(int code) {
        return code > 128 && code < 160 ? " (killed by signal " + (code - 128) + ")" : "";
    }

    /** The java binary of this JVM, for a command given as just "java". */
    static String thisJava() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
