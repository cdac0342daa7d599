package io.nvrx.agent.spool;

import io.nvrx.bootstrap.Diagnostics;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps one aggregator running for the spool directory. Local rank 0 starts it as soon as it
 * starts; every process checks about once a second (from a daemon thread) and starts a new one
 * if it is gone, so a killed aggregator, or a local rank 0 that never started, is replaced.
 *
 * <p>The aggregator is a separate, detached JVM from the same jar (it must outlive a crash of
 * the process that started it): Java from this JVM's java.home, in a process group of its own
 * (see {@link ProcessGroupPrefix}) so a Ctrl-C on the job does not kill it mid-write, stdio to
 * /dev/null, working directory the spool directory, and an environment without
 * JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS and _JAVA_OPTIONS, so it is never instrumented nor given
 * the app's heap flags.
 *
 * <p>Whether an aggregator runs is asked of its lock file: a process that can lock
 * {@code nvrx-aggregator.lock} knows none holds it. Java's file locks are per JVM and closing
 * any channel on the file drops them, so this class is the only code in the JVM that opens it,
 * and it never holds the lock for more than a few microseconds. Before spawning, it writes a
 * "spawning" note into the file, so other processes that probe in the next seconds wait
 * instead of starting a second JVM (which would only find the lock taken and exit).
 */
final class AggregatorSpawner {
    static final String MAIN_CLASS = "io.nvrx.agent.aggregate.AggregatorMain";
    private static final long SPAWN_NOTE_VALID_MILLIS = 5000;
    private static final long CHECK_EVERY_MILLIS = 1000;
    private static final int FAILURES_BEFORE_BACKING_OFF = 3;
    private static final String[] CLEANED_VARIABLES = {
        "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH"};

    private enum Probe { RUNNING, STARTING, FREE, UNKNOWN }

    private final Path spoolDir;
    private final Path lockFile;
    private final String agentJar;
    private final List<String> aggregatorArgs;
    private final boolean firstInLine;
    private final boolean debug;
    private volatile boolean stopped;
    private Process lastSpawned;
    private int failures;
    private boolean warnedFailing;

    AggregatorSpawner(Path spoolDir, String agentJar, List<String> aggregatorArgs, boolean firstInLine, boolean debug) {
        this.spoolDir = spoolDir;
        this.lockFile = spoolDir.resolve(SpoolLayout.AGGREGATOR_LOCK);
        this.agentJar = agentJar;
        this.aggregatorArgs = aggregatorArgs;
        this.firstInLine = firstInLine;
        this.debug = debug;
    }

    /** Starts the daemon thread that spawns (local rank 0: at once) and then watches. */
    void start() {
        Thread watcher = new Thread(this::watch, "nvrx-aggregator-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    void stop() {
        stopped = true;
    }

    private void watch() {
        // Local rank 0 starts the aggregator; the others give it a head start before checking.
        long pause = firstInLine ? 0 : 500 + ThreadLocalRandom.current().nextInt(500);
        while (!stopped) {
            if (pause > 0 && !sleep(pause)) {
                return;
            }
            try {
                ensureRunning();
            } catch (Throwable failure) {
                Diagnostics.debug("aggregator check failed: " + failure);
            }
            pause = CHECK_EVERY_MILLIS + ThreadLocalRandom.current().nextInt(200);
            if (failures >= FAILURES_BEFORE_BACKING_OFF) {
                pause = 30_000;
            }
        }
    }

    /** Makes sure an aggregator runs or is starting; returns false if none can be had. */
    synchronized boolean ensureRunning() {
        noteLastSpawnOutcome();
        switch (probe(lockFile, true)) {
            case RUNNING:
            case STARTING:
                return true;
            case FREE:
                return spawn();
            default:
                return false;
        }
    }

    /** Whether an aggregator holds the lock, for a process that does not spawn one itself. */
    static boolean probeOnly(Path spoolDir) {
        Probe probe = probe(spoolDir.resolve(SpoolLayout.AGGREGATOR_LOCK), false);
        return probe == Probe.RUNNING || probe == Probe.STARTING;
    }

    private static Probe probe(Path lockFile, boolean claimForSpawn) {
        if (!claimForSpawn && !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return Probe.FREE;
        }
        try (FileChannel channel = FileChannel.open(lockFile, SafeFiles.options(StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS),
                SafeFiles.privateFile(lockFile.getParent()))) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return Probe.RUNNING;
            }
            try {
                ByteBuffer content = ByteBuffer.allocate(256);
                channel.read(content, 0);
                String note = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8);
                if (spawnedRecently(note)) {
                    return Probe.STARTING;
                }
                if (claimForSpawn) {
                    byte[] mine = ("spawning " + ProcessHandle.current().pid() + " " + System.currentTimeMillis() + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(mine), 0);
                }
                return Probe.FREE;
            } finally {
                lock.release();
            }
        } catch (IOException | RuntimeException failure) {
            Diagnostics.warnOnce("aggregator-lock", "nvrx-agent: cannot check the node aggregator's lock "
                    + lockFile + " (" + failure + "); no aggregator is started from this process");
            return Probe.UNKNOWN;
        }
    }

    private static boolean spawnedRecently(String note) {
        if (!note.startsWith("spawning ")) {
            return false;
        }
        String[] parts = note.trim().split(" ");
        try {
            long at = Long.parseLong(parts[2]);
            return Math.abs(System.currentTimeMillis() - at) < SPAWN_NOTE_VALID_MILLIS;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean spawn() {
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        for (String name : CLEANED_VARIABLES) {
            env.remove(name);
        }
        for (String name : ProcessGroupPrefix.INTERPRETER_VARIABLES) {
            env.remove(name);
        }
        env.put("NVRX_AGENT", "off");
        builder.directory(spoolDir.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        java.nio.file.Path debugLog = spoolDir.resolve(SpoolLayout.AGGREGATOR_LOG);
        if (debug && !java.nio.file.Files.isSymbolicLink(debugLog)) {
            // (A link planted there is not followed: the aggregator's output is then discarded.)
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(debugLog.toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            lastSpawned = builder.start();
            Diagnostics.debug("started the node aggregator, pid " + lastSpawned.pid() + ": " + command);
            return true;
        } catch (IOException | RuntimeException failure) {
            failures++;
            Diagnostics.warnOnce("aggregator-spawn", "nvrx-agent: cannot start the node aggregator (" + failure
                    + "); records stay in " + spoolDir + " until an aggregator runs");
            return false;
        }
    }

    /** Counts an aggregator that died with an error; warns once when they keep failing. */
    private void noteLastSpawnOutcome() {
        Process spawned = lastSpawned;
        if (spawned == null || spawned.isAlive()) {
            return;
        }
        lastSpawned = null;
        if (spawned.exitValue() == 0) {
            failures = 0;
            return;
        }
        failures++;
        if (failures >= FAILURES_BEFORE_BACKING_OFF && !warnedFailing) {
            warnedFailing = true;
            Diagnostics.warn("nvrx-agent: the node aggregator keeps failing (exit code " + spawned.exitValue()
                    + "; see " + spoolDir.resolve(SpoolLayout.AGGREGATOR_LOG) + "); records stay in " + spoolDir);
        }
    }

    List<String> command() {
        List<String> command = new ArrayList<>(ProcessGroupPrefix.get());
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:-UsePerfData");
        command.add("-Xshare:auto");
        command.add("-Duser.timezone=" + java.util.TimeZone.getDefault().getID());
        if (agentJar.indexOf(java.io.File.pathSeparatorChar) < 0) {
            command.add("-cp");
            command.add(agentJar);
            command.add(MAIN_CLASS);
        } else {
            // No class path can hold a jar whose path has a ':' (-cp and -jar alike split it
            // there), while -javaagent takes its path whole and puts the jar on the class path:
            // the agent itself does nothing (NVRX_AGENT=off below). Some 50 ms slower to start.
            command.add("-javaagent:" + agentJar);
            command.add(MAIN_CLASS);
        }
        command.addAll(aggregatorArgs);
        return command;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
