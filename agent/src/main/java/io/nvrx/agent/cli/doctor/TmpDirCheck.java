package io.nvrx.agent.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Checks a node-local tmp dir as the agent's spool writer would (exists, a real directory
 * and not a symlink, writable, not world-writable without the sticky bit). What is inside is
 * SpoolCheck's job.
 */
final class TmpDirCheck {
    private TmpDirCheck() {}

    /** Returns false if the path is a link or not a directory: nothing inside it is worth reading. */
    static boolean check(Path dir, Report report) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            report.warn(dir + " does not exist: the agent creates it (mode 0700) on first use; check that its parent is"
                    + " writable: " + (dir.getParent() != null && Files.isWritable(dir.getParent())));
            return true;
        }
        if (Files.isSymbolicLink(dir)) {
            report.fail(dir + " is a symbolic link: refused (another user could point it anywhere); use the real path");
            return false;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            report.fail(dir + " is not a directory");
            return false;
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
        return true;
    }

    private static boolean isSticky(Path dir) {
        try {
            Object mode = Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer && (((Integer) mode) & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
