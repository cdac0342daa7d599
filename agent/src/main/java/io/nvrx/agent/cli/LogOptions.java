package io.nvrx.agent.cli;

import io.nvrx.agent.cli.read.Levels;
import io.nvrx.agent.cli.read.LogInputs;
import io.nvrx.agent.cli.read.RecordFilter;
import io.nvrx.agent.cli.read.TimeArgs;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The options merge, triage and follow share: time zones and record filters. */
final class LogOptions {
    static final String[] WITH_VALUE = {"--zone", "--rank", "--infra-rank", "--node", "--level", "--since", "--until",
        "--text", "--regex"};

    static final String HELP =
            "  --zone ZONE          zone of text records, which carry none (default: this machine's); UTC, +01:00,\n"
          + "                       Europe/Paris...; --zone FILE=ZONE for one file (repeatable)\n"
          + "  --rank LIST          workload ranks, e.g. 0,3,5-7 (? = unknown rank)\n"
          + "  --infra-rank LIST    infra (launcher) ranks, same form\n"
          + "  --node NAMES         node ids, comma-separated\n"
          + "  --level LEVEL        at least DEBUG, INFO, WARNING, ERROR or CRITICAL\n"
          + "  --since TIME         records at or after TIME: 2024-01-15 10:30:45[,123] (in --zone) or ISO with offset\n"
          + "  --until TIME         records before TIME\n"
          + "  --text STRING        records containing STRING (stack traces included); repeat: all of them\n"
          + "  --regex REGEX        records in which the Java regular expression REGEX finds a match\n";

    private LogOptions() {}

    static Set<String> withValue(String... more) {
        Set<String> names = Options.names(WITH_VALUE);
        names.addAll(Options.names(more));
        return names;
    }

    /** The default zone: the last --zone without FILE=, else this machine's. */
    static ZoneId defaultZone(Options options) {
        ZoneId zone = ZoneId.systemDefault();
        for (String spec : options.all("--zone")) {
            if (spec.indexOf('=') < 0) {
                zone = LogInputs.zone(spec);
            }
        }
        return zone;
    }

    static RecordFilter filter(Options options) {
        ZoneId zone = defaultZone(options);
        RecordFilter filter = new RecordFilter()
                .ranks(options.list("--rank"))
                .infraRanks(options.list("--infra-rank"))
                .nodes(options.list("--node"));
        if (options.has("--level")) {
            filter.minLevel(Levels.parse(options.get("--level", "")));
        }
        if (options.has("--since")) {
            filter.since(TimeArgs.parse(options.get("--since", ""), zone));
        }
        if (options.has("--until")) {
            filter.until(TimeArgs.parse(options.get("--until", ""), zone));
        }
        for (String text : options.all("--text")) {
            filter.text(text);
        }
        if (options.has("--regex")) {
            try {
                filter.regex(Pattern.compile(options.get("--regex", "")));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--regex: " + e.getDescription() + " in " + e.getPattern());
            }
        }
        return filter;
    }

    static LogInputs inputs(Options options, List<String> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no log files given");
        }
        return new LogInputs(paths, options.all("--zone"));
    }
}
