package io.nvrx.agent.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tools' command-line options: {@code --name value}, {@code --name=value}, boolean
 * {@code --flag}, positional arguments, and {@code --} after which everything is positional.
 * An unknown option or a missing value is an IllegalArgumentException, which NvrxMain turns
 * into a usage error (exit 2).
 */
public final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private boolean sawDoubleDash;

    /**
     * @param withValue options that take a value (e.g. "--rank")
     * @param flags     options that take none (e.g. "--utc")
     * @param stopAtFirstPositional everything from the first positional argument on is positional
     *                  (a launcher's command keeps its own options)
     */
    public Options(List<String> args, Set<String> withValue, Set<String> flags, boolean stopAtFirstPositional) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                sawDoubleDash = true;
                positional.addAll(args.subList(i + 1, args.size()));
                return;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (withValue.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (flags.contains(name) && value == null) {
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else {
                    throw new IllegalArgumentException("unknown option " + arg);
                }
            } else {
                positional.add(arg);
                if (stopAtFirstPositional) {
                    positional.addAll(args.subList(i + 1, args.size()));
                    return;
                }
            }
        }
    }

    public static Set<String> names(String... names) {
        return new HashSet<>(Arrays.asList(names));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last value given, or {@code defaultValue}. */
    public String get(String name, String defaultValue) {
        List<String> all = values.get(name);
        return all == null ? defaultValue : all.get(all.size() - 1);
    }

    /** Every value given, each split at commas ("--rank 1,2 --rank 5"). */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String value : values.getOrDefault(name, new ArrayList<>())) {
            for (String part : value.split(",")) {
                if (!part.trim().isEmpty()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** Every value given, unsplit. */
    public List<String> all(String name) {
        return new ArrayList<>(values.getOrDefault(name, new ArrayList<>()));
    }

    public long number(String name, long defaultValue, long min) {
        String value = get(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " " + value + ": expected a whole number of at least " + min);
    }

    /** Seconds, with a fraction allowed ("1.5"); returns milliseconds. */
    public long millis(String name, long defaultMillis) {
        String value = get(name, null);
        if (value == null) {
            return defaultMillis;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return (long) (seconds * 1000);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " " + value + ": expected a number of seconds");
    }

    public List<String> positional() {
        return positional;
    }

    public boolean sawDoubleDash() {
        return sawDoubleDash;
    }
}
