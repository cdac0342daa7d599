package io.nvrx.agent.spool;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command prefix that starts a child (the node aggregator) in a process group of its own,
 * in the session of this process: a Ctrl-C on the job (SIGINT to the terminal's foreground
 * group) or a launcher that kills a rank's process group then leaves it running. Java cannot
 * call setpgid, so a small interpreter does it and then becomes the child (exec: same pid,
 * same exit code): the first of {@link #CANDIDATES} that exists and works. Perl comes first:
 * it is part of every Debian and Ubuntu system and starts in milliseconds.
 *
 * <p>Not a session of its own (setsid), unless nothing else is there. Where processes run in
 * the root CPU cgroup (no cgroup CPU controller, as on many bare nodes and VMs), Linux
 * schedules each session as one group (autogroup), and an aggregator in a session of its own
 * went without a core for 0.2-1.4 s at a time beside busy ranks: 8 ranks on 2 cores,
 * interleaved, end-to-end delay p99 31-1,370 ms in its own session against 9-19 ms in the
 * launcher's. (In a container or a SLURM job with CPU accounting, the cgroup decides and either
 * way is the same.)
 *
 * <p>Each interpreter is tried once on a program that does nothing before it is chosen: an
 * interpreter that is there but broken would otherwise keep every aggregator from starting.
 */
final class ProcessGroupPrefix {
    private static final String PERL = "setpgrp(0, 0); exec { $ARGV[0] } @ARGV; exit 127";
    private static final String PYTHON = "import os, sys; os.setpgrp(); os.execv(sys.argv[1], sys.argv[1:])";
    static final String[][] CANDIDATES = {
        {"/usr/bin/perl", "-e", PERL, "--"},
        {"/bin/perl", "-e", PERL, "--"},
        {"/usr/bin/python3", "-I", "-c", PYTHON},
        {"/usr/libexec/platform-python", "-I", "-c", PYTHON},
        {"/usr/bin/setsid"},
        {"/bin/setsid"},
    };
    /** Variables that could make the interpreter load code of the user's: removed for it (and the aggregator). */
    static final String[] INTERPRETER_VARIABLES = {"PERL5OPT", "PERL5LIB"};
    private static final String[] NO_OP_PROGRAMS = {"/bin/true", "/usr/bin/true"};
    private static final long TRY_WAIT_MILLIS = 2000;

    private static volatile List<String> chosen;

    private ProcessGroupPrefix() {}

    /** The prefix for this JVM (found once); empty if no candidate works. */
    static List<String> get() {
        List<String> prefix = chosen;
        if (prefix == null) {
            chosen = prefix = firstWorking(CANDIDATES);
        }
        return prefix;
    }

    /** The first candidate that exists and runs a do-nothing program to a zero exit code; empty if none. */
    static List<String> firstWorking(String[][] candidates) {
        String noOp = null;
        for (String program : NO_OP_PROGRAMS) {
            if (Files.isExecutable(Paths.get(program))) {
                noOp = program;
                break;
            }
        }
        for (String[] candidate : candidates) {
            if (Files.isExecutable(Paths.get(candidate[0])) && (noOp == null || works(candidate, noOp))) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    private static boolean works(String[] candidate, String noOp) {
        List<String> command = new ArrayList<>(List.of(candidate));
        command.add(noOp);
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String name : INTERPRETER_VARIABLES) {
            builder.environment().remove(name);
        }
        builder.environment().put("NVRX_AGENT", "off");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            if (!process.waitFor(TRY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException | RuntimeException failure) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
