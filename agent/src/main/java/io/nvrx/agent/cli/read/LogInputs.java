package io.nvrx.agent.cli.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The files a tool reads: each argument is a node log (plain or {@code .gz}) or a directory,
 * which stands for its {@code nvrx_log_*} files. Text records carry no zone, so each file is
 * read in a zone: the one given for it ({@code --zone FILE=ZONE}), else the default
 * ({@code --zone ZONE}), else this machine's.
 */
public final class LogInputs {
    /** One file to read and the zone its text records are in. */
    public static final class Input {
        public final Path path;
        public final String display;
        public final ZoneId zone;

        Input(Path path, String display, ZoneId zone) {
            this.path = path;
            this.display = display;
            this.zone = zone;
        }
    }

    private final List<Input> inputs = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    /**
     * @param args  paths as given
     * @param zones "ZONE" (the default) or "FILE=ZONE" entries
     */
    public LogInputs(List<String> args, List<String> zones) {
        ZoneId defaultZone = ZoneId.systemDefault();
        Map<String, ZoneId> perFile = new HashMap<>();
        for (String spec : zones) {
            int eq = spec.lastIndexOf('=');
            if (eq < 0) {
                defaultZone = zone(spec);
            } else {
                perFile.put(spec.substring(0, eq), zone(spec.substring(eq + 1)));
            }
        }
        for (String arg : args) {
            Path path = Paths.get(arg);
            if (Files.isDirectory(path)) {
                List<Path> logs = new ArrayList<>();
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "nvrx_log_*")) {
                    for (Path p : dir) {
                        if (Files.isRegularFile(p)) {
                            logs.add(p);
                        }
                    }
                } catch (IOException e) {
                    missing.add(arg + " (" + e.getMessage() + ")");
                }
                logs.sort(null);
                if (logs.isEmpty()) {
                    missing.add(arg + " (a directory without nvrx_log_* files)");
                }
                for (Path p : logs) {
                    inputs.add(new Input(p, p.toString(), zoneFor(perFile, p.toString(), p, defaultZone)));
                }
            } else if (Files.isReadable(path) && !Files.isDirectory(path)) {
                inputs.add(new Input(path, arg, zoneFor(perFile, arg, path, defaultZone)));
            } else {
                missing.add(arg + (Files.exists(path) ? " (not readable)" : " (no such file)"));
            }
        }
        for (String file : perFile.keySet()) {
            boolean used = false;
            for (Input input : inputs) {
                used |= input.display.equals(file) || input.path.getFileName().toString().equals(file);
            }
            if (!used) {
                throw new IllegalArgumentException("--zone " + file + "=...: no such input file");
            }
        }
    }

    private static ZoneId zoneFor(Map<String, ZoneId> perFile, String display, Path path, ZoneId fallback) {
        ZoneId zone = perFile.get(display);
        if (zone == null) {
            zone = perFile.get(path.getFileName().toString());
        }
        return zone == null ? fallback : zone;
    }

    public static ZoneId zone(String name) {
        try {
            return name.equalsIgnoreCase("utc") ? java.time.ZoneOffset.UTC : ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + name
                    + "': use UTC, an offset such as +01:00, or a region such as Europe/Paris");
        }
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** Arguments that named nothing readable, each with the reason. */
    public List<String> missing() {
        return missing;
    }

    /** Per-file buffer: bounded in total, so a thousand node logs do not need a thousand megabytes. */
    public static int bufferBytes(int files) {
        return (int) Math.max(64 * 1024, Math.min(1024 * 1024, (64L * 1024 * 1024) / Math.max(1, files)));
    }

    /** The largest record held in memory whole, per file. */
    public static int maxRecordBytes(int files) {
        return (int) Math.max(1024 * 1024, Math.min(8L * 1024 * 1024, (128L * 1024 * 1024) / Math.max(1, files)));
    }

    /**
     * Opens one input; a file that cannot be opened (gone, unreadable, a .gz that is not gzip or
     * is empty) is an IOException whose message names it: the tools report it and go on.
     */
    public static LogReader open(Input input, int files) throws IOException {
        InputStream in = Files.newInputStream(input.path);
        if (input.path.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(in, 64 * 1024);
            } catch (IOException notGzip) {
                in.close();
                throw new IOException(input.display + " is not a readable .gz file (" + notGzip + ")", notGzip);
            }
        }
        return new LogReader(input.display, in, new LocalTimes(input.zone), bufferBytes(files), maxRecordBytes(files));
    }
}
