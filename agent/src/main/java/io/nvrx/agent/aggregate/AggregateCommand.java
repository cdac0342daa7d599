package io.nvrx.agent.aggregate;

import io.nvrx.agent.cli.Command;

import java.io.PrintStream;
import java.util.List;

/** {@code java -jar nvrx-agent.jar aggregate <spool dir>}: runs the node aggregator in the foreground. */
public final class AggregateCommand implements Command {
    @Override
    public String name() {
        return "aggregate";
    }

    @Override
    public String summary() {
        return "merge a node-local spool directory into the node log (agents start this themselves)";
    }

    @Override
    public String usage() {
        return AggregatorOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return AggregatorMain.run(args, out, err);
    }
}
