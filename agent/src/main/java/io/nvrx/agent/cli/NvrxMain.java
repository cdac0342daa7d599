package io.nvrx.agent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar nvrx-agent.jar <command> [args]}: the tools that ship in the agent jar.
 * Running the jar as a program never starts the agent in that JVM (the manifest has no
 * Launcher-Agent-Class).
 */
public final class NvrxMain {
    /** Exit code for a usage error. */
    public static final int USAGE = 2;

    private NvrxMain() {}

    /** Every command, in the order --help lists them. Add new commands here. */
    static List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        commands.add(new io.nvrx.agent.aggregate.AggregateCommand());
        return commands;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printOverview(args.length == 0 ? err : out, commands);
            return args.length == 0 ? USAGE : 0;
        }
        for (Command command : commands) {
            if (command.name().equals(args[0])) {
                List<String> rest = Arrays.asList(args).subList(1, args.length);
                if (rest.contains("--help") || rest.contains("-h")) {
                    out.println(command.usage());
                    return 0;
                }
                try {
                    return command.run(rest, out, err);
                } catch (IllegalArgumentException e) {
                    err.println("nvrx " + command.name() + ": " + e.getMessage());
                    err.println("try: java -jar nvrx-agent.jar " + command.name() + " --help");
                    return USAGE;
                } catch (Exception e) {
                    err.println("nvrx " + command.name() + ": " + e);
                    return 1;
                }
            }
        }
        err.println("nvrx: unknown command '" + args[0] + "'");
        printOverview(err, commands);
        return USAGE;
    }

    private static void printOverview(PrintStream out, List<Command> commands) {
        out.println("usage: java -jar nvrx-agent.jar <command> [options]   (<command> --help for details)");
        out.println("       java -javaagent:nvrx-agent.jar ... your job     (the agent itself)");
        out.println();
        for (Command command : commands) {
            out.printf("  %-10s %s%n", command.name(), command.summary());
        }
    }
}
