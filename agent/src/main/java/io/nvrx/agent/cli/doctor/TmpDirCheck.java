package io.nvrx.agent.cli.doctor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a node-local tmp dir as the agent's spool writer would (exists, a real directory
 * and not a symlink, writable, not world-writable without the sticky bit), then looks inside
 * for what node-local mode leaves there. Assumed layout, to be kept in line with the
 * node-local mode: spool files named {@code nvrx-spool.*} and an {@code aggregator.lock}
 * that the running aggregator holds with an OS file lock, in the tmp dir or a subdirectory of
 * it (per user, job, step) at most {@value #DEPTH} levels down; upstream Python spool files
 * are {@code rank_*}.
 */
final class TmpDirCheck {
    static final int DEPTH = 3;

    private TmpDirCheck() {}

    static void check(Path dir, Report report) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            report.warn(dir + " does not exist: the agent creates it (mode 0700) on first use; check that its parent is"
                    + " writable: " + (dir.getParent() != null && Files.isWritable(dir.getParent())));
            return;
        }
        if (Files.isSymbolicLink(dir)) {
            report.fail(dir + " is a symbolic link: refused (another user could point it anywhere); use the real path");
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            report.fail(dir + " is not a directory");
            return;
        }
        report.ok(dir + " is a directory, not a symbolic link");
        if (Files.isWritable(dir) && Files.isExecutable(dir)) {
            report.ok("writable by this user");
        } else {
            report.fail("not writable by this user: ranks cannot write their spool files there");
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = attributes.permissions();
            boolean worldWritable = permissions.contains(PosixFilePermission.OTHERS_WRITE);
            boolean sticky = isSticky(dir);
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(permissions);
            if (worldWritable && !sticky) {
                report.fail("world-writable without the sticky bit (" + mode + "): anyone can replace spool files;"
                        + " refused; chmod +t or use a private directory");
            } else if (worldWritable) {
                report.ok("world-writable with the sticky bit (" + mode + " + sticky, like /tmp): a private subdirectory per"
                        + " user is used inside it");
            } else {
                report.ok("permissions " + mode + ", owner " + attributes.owner().getName());
            }
        } catch (IOException | UnsupportedOperationException e) {
            report.warn("cannot read its permissions: " + e);
        }
        contents(dir, report);
    }

    private static boolean isSticky(Path dir) {
        try {
            Object mode = Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer && (((Integer) mode) & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void contents(Path dir, Report report) {
        List<Path> spool = new ArrayList<>();
        List<Path> upstream = new ArrayList<>();
        List<Path> locks = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir, DEPTH)) {
            all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith("nvrx-spool.")) spool.add(p);
                else if (name.startsWith("rank_")) upstream.add(p);
                else if (name.equals("aggregator.lock")) locks.add(p);
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            report.warn("cannot list it: " + e.getMessage());
            return;
        }
        long spoolBytes = size(spool);
        if (spool.isEmpty()) {
            report.ok("spool backlog: no nvrx-spool.* file (nothing waiting for an aggregator)");
        } else {
            report.info("spool backlog: " + spool.size() + " nvrx-spool.* file(s), " + spoolBytes + " bytes");
        }
        if (!upstream.isEmpty()) {
            report.info("upstream NVRx (Python) spool files: " + upstream.size() + " rank_* file(s), " + size(upstream)
                    + " bytes");
        }
        if (locks.isEmpty()) {
            if (spool.isEmpty()) {
                report.info("aggregator: no aggregator.lock (none has run here yet)");
            } else {
                report.fail("aggregator: spool files wait but no aggregator.lock exists: no aggregator has started;"
                        + " local rank 0 starts one (unless NVRX_AGGREGATOR=off)");
            }
        }
        for (Path lock : locks) {
            String state = lockState(lock);
            if (state.equals("held")) {
                report.ok("aggregator: alive (" + lock + " is locked by a running process)");
            } else if (state.equals("free")) {
                if (spool.isEmpty()) {
                    report.info("aggregator: not running (" + lock + " is not locked); nothing is waiting");
                } else {
                    report.fail("aggregator: not running (" + lock + " is not locked) while " + spool.size()
                            + " spool file(s) wait; the next rank to start will start one");
                }
            } else {
                report.warn("aggregator: cannot tell (" + lock + ": " + state + ")");
            }
        }
    }

    /** "held" if another process holds the lock, "free" if we could take it (and let go at once). */
    static String lockState(Path lock) {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return "held";
            }
            taken.release();
            return "free";
        } catch (OverlappingFileLockException e) {
            return "held";
        } catch (IOException e) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ)) {
                FileLock taken = channel.tryLock(0, Long.MAX_VALUE, true);
                if (taken == null) {
                    return "held";
                }
                taken.release();
                return "free";
            } catch (IOException | OverlappingFileLockException e2) {
                return e.toString();
            }
        }
    }

    private static long size(List<Path> files) {
        long total = 0;
        for (Path p : files) {
            try {
                total += Files.size(p);
            } catch (IOException ignored) {
                // gone meanwhile
            }
        }
        return total;
    }
}
