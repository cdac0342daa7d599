package io.nvrx.agent.cli;

import io.nvrx.agent.cli.read.LogInputs;
import io.nvrx.agent.cli.read.LogReader;
import io.nvrx.agent.cli.read.RecordFilter;
import io.nvrx.agent.cli.triage.Triage;

import java.io.PrintStream;
import java.util.List;

/** {@code triage}: who failed first, who went silent first, per-rank summary. */
final class TriageCommand implements Command {
    @Override
    public String name() {
        return "triage";
    }

    @Override
    public String summary() {
        return "after a hang or crash: first error, ranks that went silent first, per-rank summary";
    }

    @Override
    public String usage() {
        return "usage: java -jar nvrx-agent.jar triage [options] FILE|DIR...\n"
                + "\n"
                + "Reads node logs (text or JSON records; a directory stands for its nvrx_log_* files) and answers\n"
                + "the questions asked after a hang or a crash: which rank logged the first ERROR/CRITICAL record,\n"
                + "which ranks went silent first (their last record, earliest first, and how long before the job's\n"
                + "last record), and per rank: records, first and last record time, errors, first error. A rank is\n"
                + "its workload rank (RANK); records without one are grouped by infra rank, else by node.\n"
                + "\n"
                + "options:\n"
                + "  --top N              how many ranks to list under 'went silent first' (default 5)\n"
                + "  --world-size N       the job's number of ranks: lists ranks 0..N-1 that never logged\n"
                + LogOptions.HELP
                + "\n"
                + "Exit code: 0, 1 if an input could not be read (the others are used), 2 for a usage error.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options(args, LogOptions.withValue("--top", "--world-size"), Options.names(), false);
        RecordFilter filter = LogOptions.filter(options);
        int top = (int) options.number("--top", 5, 1);
        int worldSize = (int) options.number("--world-size", 0, 1);
        LogInputs inputs = LogOptions.inputs(options, options.positional());
        for (String missing : inputs.missing()) {
            err.println("nvrx triage: cannot read " + missing + "; using the others");
        }
        Triage triage = new Triage();
        int files = inputs.inputs().size();
        boolean unreadable = false;
        for (LogInputs.Input input : inputs.inputs()) {
            LogReader opened;
            try {
                opened = LogInputs.open(input, 1);
            } catch (java.io.IOException e) {
                err.println("nvrx triage: cannot read " + input.display + " (" + e.getMessage() + "); using the others");
                unreadable = true;
                continue;
            }
            try (LogReader reader = opened) {
                triage.read(reader, filter);
                for (String note : reader.stats().notes()) {
                    err.println("nvrx triage: " + note);
                }
                unreadable |= reader.stats().readError != null;
            }
        }
        triage.report(out, files, LogOptions.defaultZone(options), top, worldSize);
        return inputs.missing().isEmpty() && !unreadable ? 0 : 1;
    }
}
