package io.nvrx.agent.cli;

import io.nvrx.agent.cli.follow.Follower;
import io.nvrx.agent.cli.merge.RecordOutput;
import io.nvrx.agent.cli.read.LogInputs;
import io.nvrx.agent.cli.read.RecordFilter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** {@code follow}: tail several node logs as one stream, like tail -F. */
final class FollowCommand implements Command {
    @Override
    public String name() {
        return "follow";
    }

    @Override
    public String summary() {
        return "tail several node logs as one stream (like tail -F), with filters";
    }

    @Override
    public String usage() {
        return "usage: java -jar nvrx-agent.jar follow [options] FILE...\n"
                + "\n"
                + "Follows node logs by name, as tail -F does: prints records as they are appended, those arriving\n"
                + "together sorted by time; reopens a file replaced by rotation, rereads a file cut short, waits\n"
                + "for a file that does not exist yet. A record is printed once the next one starts or its file\n"
                + "has been quiet for a moment (its stack trace may still be coming). Stop it with Ctrl-C.\n"
                + "\n"
                + "options:\n"
                + "  --from-start         print what the files hold already first (default: only what comes)\n"
                + "  --poll SECONDS       how often to look (default 0.2)\n"
                + "  --for SECONDS        stop after this long (default: run until stopped)\n"
                + LogOptions.HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options(args, LogOptions.withValue("--poll", "--for"), Options.names("--from-start"), false);
        RecordFilter filter = LogOptions.filter(options);
        long pollMillis = Math.max(10, options.millis("--poll", 200));
        long forMillis = options.millis("--for", -1);
        if (options.positional().isEmpty()) {
            throw new IllegalArgumentException("no log files given");
        }
        // Files are followed by name: they need not exist yet, so no LogInputs (which wants them).
        List<Path> paths = new ArrayList<>();
        List<ZoneId> zones = new ArrayList<>();
        ZoneId zone = LogOptions.defaultZone(options);
        for (String arg : options.positional()) {
            paths.add(Paths.get(arg));
            ZoneId own = zone;
            for (String spec : options.all("--zone")) {
                int eq = spec.lastIndexOf('=');
                if (eq > 0 && spec.substring(0, eq).equals(arg)) {
                    own = LogInputs.zone(spec.substring(eq + 1));
                }
            }
            zones.add(own);
        }
        RecordOutput output = new RecordOutput(StandardOutput.of(out), 256 * 1024);
        Follower follower = new Follower(paths, zones, filter, output, note -> err.println("nvrx follow: " + note),
                Math.max(pollMillis, 300));
        long deadline = forMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + forMillis * 1_000_000L;
        try {
            follower.start(options.has("--from-start"));
            while (true) {
                boolean behind = follower.pollOnce();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                if (!behind) {
                    Thread.sleep(Math.min(pollMillis, Math.max(1, left / 1_000_000L)));
                }
            }
        } finally {
            follower.close();
        }
    }
}
