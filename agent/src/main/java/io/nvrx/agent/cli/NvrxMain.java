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
        commands.add(new MergeCommand());
        commands.add(new TriageCommand());
        commands.add(new FollowCommand());
        commands.add(new DoctorCommand());
        commands.add(new LaunchCommand());
        commands.add(new io.nvrx.agent.aggregate.AggregateCommand());
        return commands;
    }

    public static void main(String[] args) {
        if (!CliRuntime.bootstrapVisible()) {
            try {
                CliRuntime.relaunch(args); // exits from inside
            } catch (Exception e) {
                System.err.println("nvrx: cannot start the tools: " + e);
                System.exit(1);
            }
            return;
        }
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
                if (asksForHelp(rest, command.optionsEndAtFirstArgument())) {
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
                    if (StandardOutput.isBrokenPipe(e)) {
                        return 0; // the reader of our output went away (| head): not an error of ours
                    }
                    err.println("nvrx " + command.name() + ": " + e);
                    return 1;
                } catch (OutOfMemoryError e) {
                    err.println("nvrx " + command.name() + ": out of memory (" + e.getMessage()
                            + "); give the JVM more with java -Xmx... -jar nvrx-agent.jar");
                    return 1;
                }
            }
        }
        err.println("nvrx: unknown command '" + args[0] + "'");
        printOverview(err, commands);
        return USAGE;
    }

    /** --help or -h among the command's own options: before "--" (and, for the launcher, its command). */
    private static boolean asksForHelp(List<String> args, boolean optionsEndAtFirstArgument) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
            if (optionsEndAtFirstArgument && !arg.startsWith("-") && !previousTakesValue(args, arg)) {
                return false;
            }
        }
        return false;
    }

    /** For the launcher: "--nproc 3" - the 3 is a value, not the start of the command. */
    private static boolean previousTakesValue(List<String> args, String arg) {
        int i = args.indexOf(arg);
        return i > 0 && args.get(i - 1).startsWith("--") && !args.get(i - 1).contains("=")
                && !args.get(i - 1).equals("--keep-going") && !args.get(i - 1).equals("--no-agent");
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
