package io.nvrx.agent.cli;

import io.nvrx.agent.cli.merge.KWayMerge;
import io.nvrx.agent.cli.merge.RecordOutput;
import io.nvrx.agent.cli.read.LogInputs;
import io.nvrx.agent.cli.read.LogReader;
import io.nvrx.agent.cli.read.RecordFilter;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code merge}: many node logs into one global timeline, filtered, streaming. */
final class MergeCommand implements Command {
    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "merge node logs into one time-ordered stream, with filters";
    }

    @Override
    public String usage() {
        return "usage: java -jar nvrx-agent.jar merge [options] FILE|DIR...\n"
                + "\n"
                + "Merges node logs (nvrx_log_<node>.log, a captured console, .gz files; a directory stands for its\n"
                + "nvrx_log_* files) into one stream ordered by record time, written unchanged. Text and JSON\n"
                + "(NVRX_LOG_FORMAT=json) records may be mixed. Lines that are not records belong to the record\n"
                + "before them; lines before a file's first record stay just before it. Records with equal times\n"
                + "keep the order of the files as given. Memory is bounded (about 1 MB per file), whatever the size.\n"
                + "\n"
                + "options:\n"
                + "  -o, --output FILE    write there instead of standard output\n"
                + LogOptions.HELP
                + "\n"
                + "Notes about the input (truncated files, files out of time order, lines that are not records)\n"
                + "go to standard error. Exit code: 0, 1 if an input could not be read (the others are merged),\n"
                + "2 for a usage error.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options(args, LogOptions.withValue("--output", "-o"), Options.names(), false);
        RecordFilter filter = LogOptions.filter(options);
        LogInputs inputs = LogOptions.inputs(options, options.positional());
        for (String missing : inputs.missing()) {
            err.println("nvrx merge: cannot read " + missing + "; merging the others");
        }
        String target = options.get("--output", options.get("-o", null));
        if (target != null && java.nio.file.Files.exists(java.nio.file.Paths.get(target))) {
            java.nio.file.Path output = java.nio.file.Paths.get(target);
            for (LogInputs.Input input : inputs.inputs()) {
                if (java.nio.file.Files.isSameFile(output, input.path)) {
                    throw new IllegalArgumentException("the output " + target + " is also an input: it would be emptied before it is read");
                }
            }
        }
        List<LogReader> readers = new ArrayList<>();
        int unreadableInputs = 0;
        OutputStream sink = target == null ? StandardOutput.of(out) : new FileOutputStream(target);
        try {
            int files = inputs.inputs().size();
            for (LogInputs.Input input : inputs.inputs()) {
                try {
                    readers.add(LogInputs.open(input, files));
                } catch (java.io.IOException unreadable) {
                    err.println("nvrx merge: cannot read " + input.display + " (" + unreadable.getMessage() + "); merging the others");
                    unreadableInputs++;
                }
            }
            RecordOutput output = new RecordOutput(sink, 256 * 1024);
            new KWayMerge(readers, filter).run(output);
            output.flush();
        } finally {
            if (target != null) {
                sink.close();
            }
            for (LogReader reader : readers) {
                closeQuietly(reader);
            }
        }
        boolean damaged = false;
        for (LogReader reader : readers) {
            for (String note : reader.stats().notes()) {
                err.println("nvrx merge: " + note);
            }
            damaged |= reader.stats().readError != null;
        }
        return inputs.missing().isEmpty() && unreadableInputs == 0 && !damaged ? 0 : 1;
    }

    private static void closeQuietly(LogReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only input
        }
    }
}
