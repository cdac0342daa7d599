package io.nvrx.agent.aggregate;

import io.nvrx.agent.rank.HostName;
import io.nvrx.agent.spool.SpoolLayout;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The aggregator's command line: {@code <spool dir> [options]} (see {@link #USAGE}). */
final class AggregatorOptions {
    static final String USAGE = String.join("\n",
            "usage: java -jar nvrx-agent.jar aggregate <spool dir> [options]",
            "   or: java -cp nvrx-agent.jar io.nvrx.agent.aggregate.AggregatorMain <spool dir> [options]",
            "",
            "Merges the spool files of all processes in <spool dir> into one time-ordered node log,",
            "exactly once, and stops a grace period after the last process is gone. Agents in",
            "node-local mode start it by themselves; run it by hand with NVRX_AGGREGATOR=off.",
            "",
            "  --node-log FILE              the node log (default: <spool dir>/nvrx_log_<node>.log)",
            "  --node NAME                  node name for the aggregator's own records (default: host name)",
            "  --upstream-dir DIR           also read upstream NVRx rank_* files there (default: <spool dir>;",
            "                               'none' to skip them)",
            "  --upstream-lock-dir DIR      where aggregators sharing an upstream dir elect its reader",
            "                               (default: <spool dir>)",
            "  --job NAME                   the job name, for the node log's name if another job holds it",
            "  --grace-ms N                 stop N ms after the last process is gone (default 3000)",
            "  --node-log-max-size-mb N     rotate the node log at N MB (default 0: never)",
            "  --node-log-max-files N       rotated node logs kept (default 5)",
            "  --utc                        print the aggregator's own records in UTC");

    Path spoolDir;
    Path nodeLog;
    String node;
    Path upstreamDir;
    Path upstreamLockDir;
    String job;
    long graceMillis = 3000;
    long nodeLogMaxBytes;
    int nodeLogMaxFiles = 5;
    boolean utc;

    static AggregatorOptions parse(List<String> args) {
        AggregatorOptions options = new AggregatorOptions();
        String upstream = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--node-log": options.nodeLog = path(value(args, ++i, arg)); break;
                case "--node": options.node = value(args, ++i, arg); break;
                case "--upstream-dir": upstream = value(args, ++i, arg); break;
                case "--upstream-lock-dir": options.upstreamLockDir = path(value(args, ++i, arg)); break;
                case "--job": options.job = value(args, ++i, arg); break;
                case "--grace-ms": options.graceMillis = number(value(args, ++i, arg), arg); break;
                case "--node-log-max-size-mb": options.nodeLogMaxBytes = number(value(args, ++i, arg), arg) << 20; break;
                case "--node-log-max-files":
                    options.nodeLogMaxFiles = (int) Math.max(1, Math.min(1000, number(value(args, ++i, arg), arg)));
                    break;
                case "--utc": options.utc = true; break;
                default:
                    if (arg.startsWith("-") || options.spoolDir != null) {
                        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                    }
                    options.spoolDir = path(arg);
            }
        }
        if (options.spoolDir == null) {
            throw new IllegalArgumentException("the spool directory is missing");
        }
        if (options.node == null) {
            options.node = HostName.get();
        }
        if (options.nodeLog == null) {
            options.nodeLog = options.spoolDir.resolve(SpoolLayout.nodeLogName(options.node));
        }
        if (upstream == null) {
            options.upstreamDir = options.spoolDir;
        } else if (!upstream.equals("none")) {
            options.upstreamDir = path(upstream);
        }
        if (options.upstreamLockDir == null) {
            options.upstreamLockDir = options.spoolDir;
        }
        return options;
    }

    /** Where the node log goes if another aggregator (another job) writes the preferred one. */
    Path fallbackNodeLog() {
        String name = nodeLog.getFileName().toString();
        String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        String suffix = job != null ? job : "pid" + ProcessHandle.current().pid();
        return nodeLog.resolveSibling(base + "." + SpoolLayout.safeName(suffix) + ".log");
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static Path path(String text) {
        try {
            return Paths.get(text).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a path: " + text);
        }
    }

    private static long number(String text, String option) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least 0, not '" + text + "'");
    }
}
