package io.nvrx.agent.cli;

import io.nvrx.bootstrap.fork.JavaToolOptions;
import io.nvrx.agent.cli.launch.RankProcesses;

import java.io.File;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code launch}: N local ranks of a command with the agent armed, like torchrun --standalone. */
final class LaunchCommand implements Command {
    @Override
    public String name() {
        return "launch";
    }

    @Override
    public String summary() {
        return "start N local ranks of a command with the agent armed (like torchrun --standalone)";
    }

    @Override
    public String usage() {
        return "usage: java -jar nvrx-agent.jar launch --nproc N [options] [--] command [args...]\n"
                + "\n"
                + "Starts N copies of the command on this machine, for development and demos, each with RANK and\n"
                + "LOCAL_RANK (0..N-1), WORLD_SIZE and LOCAL_WORLD_SIZE (N) and GROUP_RANK (0) set, and the agent\n"
                + "armed: JAVA_TOOL_OPTIONS gets -javaagent:<this jar> (added to what is there, never twice), so\n"
                + "every JVM the command starts logs through it. Standard streams are shared with the launcher.\n"
                + "\n"
                + "When a rank fails (exits non-zero) the others are stopped, as torchrun does: SIGTERM, a grace\n"
                + "period, then SIGKILL. SIGINT or SIGTERM to the launcher stops every rank the same way. The exit\n"
                + "code is 0 if every rank exited 0, else the exit code of the first rank that failed (ranks the\n"
                + "launcher stopped do not count), 124 after --timeout, 127 if the command does not exist, 126 if\n"
                + "it cannot be run, 2 for a usage error.\n"
                + "\n"
                + "options:\n"
                + "  --nproc N            number of ranks (required)\n"
                + "  --tmpdir DIR         node-local mode: sets NVRX_NODE_LOCAL_TMPDIR=DIR for every rank\n"
                + "  --timeout SECONDS    stop every rank still running after this long (exit code 124)\n"
                + "  --grace SECONDS      between SIGTERM and SIGKILL when stopping ranks (default 10)\n"
                + "  --keep-going         a failing rank does not stop the others\n"
                + "  --no-agent           do not touch JAVA_TOOL_OPTIONS\n"
                + "  --agent-jar PATH     the agent jar to arm (default: this jar)\n"
                + "\n"
                + "example: java -jar nvrx-agent.jar launch --nproc 4 -- java -cp app.jar com.example.Train";
    }

    @Override
    public boolean optionsEndAtFirstArgument() {
        return true;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options(args,
                Options.names("--nproc", "--tmpdir", "--timeout", "--grace", "--agent-jar"),
                Options.names("--keep-going", "--no-agent"), true);
        if (!options.has("--nproc")) {
            throw new IllegalArgumentException("--nproc N is required");
        }
        int nproc = (int) options.number("--nproc", 1, 1);
        if (nproc > 1024) {
            throw new IllegalArgumentException("--nproc " + nproc + ": at most 1024 local ranks");
        }
        List<String> command = options.positional();
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command given (put it after --)");
        }
        Map<String, String> env = new HashMap<>();
        if (!options.has("--no-agent")) {
            String jarPath = options.get("--agent-jar", null);
            File jar = jarPath != null ? new File(jarPath).getAbsoluteFile() : CliRuntime.agentJar();
            if (jar == null || !jar.isFile()) {
                throw new IllegalArgumentException("cannot find the agent jar" + (jar == null ? "" : " " + jar)
                        + "; run from nvrx-agent.jar or pass --agent-jar");
            }
            env.put("JAVA_TOOL_OPTIONS", JavaToolOptions.withAgent(System.getenv("JAVA_TOOL_OPTIONS"), jar));
        }
        if (options.has("--tmpdir")) {
            env.put("NVRX_NODE_LOCAL_TMPDIR", new File(options.get("--tmpdir", "")).getAbsolutePath());
        }
        long graceMillis = options.millis("--grace", 10_000);
        long timeoutMillis = options.millis("--timeout", 0);
        RankProcesses ranks = new RankProcesses(command, nproc, env, graceMillis, err);
        Thread stopOnSignal = new Thread(ranks::stopAll, "nvrx-launch-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            return ranks.run(timeoutMillis, options.has("--keep-going"));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will: it stops the ranks
            }
        }
    }
}
