package io.nvrx.agent.spool;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a process spools: {@code <tmp dir>[/nvrx-<uid>][/<job>]}, checked as a shared tmp
 * directory must be.
 * <ul>
 * <li>A missing tmp dir is created, 0700.</li>
 * <li>A symbolic link, a world-writable directory without the sticky bit, a directory owned
 *     by another user or one this user cannot write is refused (the caller warns once and
 *     stays in regular mode).</li>
 * <li>A world-writable sticky directory such as {@code /tmp} itself gets a private 0700
 *     subdirectory per user, {@code nvrx-<uid>}.</li>
 * <li>When a launcher names the job (see {@link JobName}), the job gets its own 0700
 *     subdirectory, so concurrent jobs on one node never mix.</li>
 * </ul>
 * JDK types only: shared with the aggregator.
 */
public final class SpoolDirectory {
    private static final int WORLD_WRITABLE = 0002;
    private static final int STICKY = 01000;

    /** The tmp dir as configured (absolute): where upstream Python processes write their {@code rank_*} files. */
    public final Path tmpDir;
    /** The tmp dir, or this user's private subdirectory of it. */
    public final Path base;
    /** Where this job's spool files live. */
    public final Path spoolDir;

    private SpoolDirectory(Path tmpDir, Path base, Path spoolDir) {
        this.tmpDir = tmpDir;
        this.base = base;
        this.spoolDir = spoolDir;
    }

    /** The directory is unsafe or unusable; the message says why, for one warning line. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Resolves and checks (creating what is missing) the spool directory.
     *
     * @param configured NVRX_NODE_LOCAL_TMPDIR
     * @param job        the job's subdirectory name, or null when no launcher names the job
     */
    public static SpoolDirectory resolve(String configured, String job) throws Refused {
        Path tmp;
        try {
            tmp = Paths.get(configured).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new Refused("NVRX_NODE_LOCAL_TMPDIR=" + configured + " is not a valid path");
        }
        int uid = currentUid();
        try {
            if (SafeFiles.attributes(tmp) == null) {
                Files.createDirectories(tmp, SafeFiles.privateDirectory(tmp.getParent() == null ? tmp : tmp.getParent()));
            }
            int mode = checkDirectory(tmp, "NVRX_NODE_LOCAL_TMPDIR=" + configured);
            Path base = tmp;
            if ((mode & WORLD_WRITABLE) != 0) {
                if ((mode & STICKY) == 0) {
                    throw new Refused("NVRX_NODE_LOCAL_TMPDIR=" + configured
                            + " is world-writable without the sticky bit: any user could replace its files");
                }
                base = tmp.resolve(userDirectoryName(uid));
                ensurePrivateDirectory(base, uid);
            } else {
                checkOwner(tmp, uid, "NVRX_NODE_LOCAL_TMPDIR=" + configured);
            }
            Path spool = base;
            if (job != null) {
                spool = base.resolve(job);
                ensurePrivateDirectory(spool, uid);
            }
            if (!Files.isWritable(spool)) {
                throw new Refused(spool + " is not writable by this user");
            }
            return new SpoolDirectory(tmp, base, spool);
        } catch (IOException e) {
            throw new Refused("cannot use NVRX_NODE_LOCAL_TMPDIR=" + configured + ": " + e);
        }
    }

    /**
     * Where {@link #resolve} would spool, computed without creating or checking anything (for
     * the doctor, which must leave the node as it found it): the per-user subdirectory if the
     * tmp dir exists and is world-writable, then the job's.
     */
    public static SpoolDirectory locate(String configured, String job) throws Refused {
        Path tmp;
        try {
            tmp = Paths.get(configured).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new Refused("NVRX_NODE_LOCAL_TMPDIR=" + configured + " is not a valid path");
        }
        Path base = (mode(tmp) & WORLD_WRITABLE) != 0 ? tmp.resolve(userDirectoryName(currentUid())) : tmp;
        return new SpoolDirectory(tmp, base, job == null ? base : base.resolve(job));
    }

    /** This user's private subdirectory of a world-writable tmp dir: {@code nvrx-<uid>}. */
    static String userDirectoryName(int uid) {
        return "nvrx-" + (uid >= 0 ? Integer.toString(uid) : SpoolLayout.safeName(System.getProperty("user.name", "user")));
    }

    /** Returns the directory's mode bits; refuses a link or a non-directory. */
    private static int checkDirectory(Path dir, String what) throws IOException, Refused {
        BasicFileAttributes attributes = SafeFiles.attributes(dir);
        if (attributes == null) {
            throw new Refused(what + " does not exist");
        }
        if (attributes.isSymbolicLink()) {
            throw new Refused(what + " is a symbolic link; name the real directory");
        }
        if (!attributes.isDirectory()) {
            throw new Refused(what + " is not a directory");
        }
        return mode(dir);
    }

    private static void ensurePrivateDirectory(Path dir, int uid) throws IOException, Refused {
        if (SafeFiles.attributes(dir) == null) {
            try {
                Files.createDirectory(dir, SafeFiles.privateDirectory(dir.getParent()));
            } catch (FileAlreadyExistsException raced) {
                // another rank created it first; checked below like any existing directory
            }
        }
        int mode = checkDirectory(dir, dir.toString());
        if ((mode & WORLD_WRITABLE) != 0 && (mode & STICKY) == 0) {
            throw new Refused(dir + " is world-writable without the sticky bit");
        }
        checkOwner(dir, uid, dir.toString());
    }

    private static void checkOwner(Path dir, int uid, String what) throws IOException, Refused {
        if (uid < 0) {
            return; // no way to know on this platform
        }
        Object owner = unixAttribute(dir, "unix:uid");
        if (owner instanceof Integer && (Integer) owner != uid) {
            throw new Refused(what + " is owned by uid " + owner + ", not by this user (uid " + uid + ")");
        }
    }

    private static int mode(Path dir) {
        Object mode = unixAttribute(dir, "unix:mode");
        return mode instanceof Integer ? (Integer) mode : 0;
    }

    private static Object unixAttribute(Path path, String name) {
        try {
            return Files.getAttribute(path, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return null; // not a Unix file system view
        }
    }

    /** This process's user id, or -1 where it cannot be read. */
    public static int currentUid() {
        try {
            Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            return uid instanceof Integer ? (Integer) uid : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
