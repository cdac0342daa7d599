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

    /**
     * True if everything from the first non-option argument on belongs to something else (the
     * launcher's command line), so that a {@code --help} there is not ours.
     */
    default boolean optionsEndAtFirstArgument() {
        return false;
    }

    /** Runs the command and returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
