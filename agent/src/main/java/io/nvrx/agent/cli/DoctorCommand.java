package io.nvrx.agent.cli;

import io.nvrx.agent.cli.doctor.Doctor;

import java.io.PrintStream;
import java.util.List;

/** {@code doctor}: what the agent would detect here and now, and the guide's troubleshooting steps. */
final class DoctorCommand implements Command {
    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "what the agent detects here: mode, ranks, node, tmp dir, aggregator, spool backlog";
    }

    @Override
    public String usage() {
        return "usage: java -jar nvrx-agent.jar doctor\n"
                + "\n"
                + "Reports what the agent would detect in a JVM started from this shell, with the agent's own code:\n"
                + "whether JAVA_TOOL_OPTIONS arms it (and whether that jar exists), the settings in force and where\n"
                + "each comes from, the ranks and node id, the mode, and in node-local mode the tmp dir checks\n"
                + "(exists, real directory, writable, sticky bit), the spool dir a rank would use (per-user and per-job\n"
                + "subdirectories), whether an aggregator is alive (nvrx-aggregator.lock is held; probed without taking\n"
                + "it away), the spool backlog (nvrx-spool.* files not yet delivered), the node log, and the other jobs'\n"
                + "spool directories. Changes nothing. Ends with the NVRx guide's troubleshooting steps. Run it inside\n"
                + "the job (e.g. srun ... java -jar nvrx-agent.jar doctor) to see what a rank sees.\n"
                + "\n"
                + "Exit code: 0 if no check failed, 1 otherwise.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("doctor takes no arguments");
        }
        return new Doctor(System.getenv(), System.getProperties(), CliRuntime.agentJar()).run(out);
    }
}
