package io.nvrx.agent.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of {@code java -jar nvrx-agent.jar <command>}. */
public interface Command {
    /** The word that selects it. */
    String name();

    /** One line for the overview of {@code --help}. */
    String summary();

    /** Full usage text, printed by {@code <command> --help}. */
    String usage();

    /** Runs the command and returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
