package io.nvrx.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * File operations with the checks a shared tmp directory needs: new files are created
 * exclusively (never through a planted symbolic link) and private (0600); existing files are
 * opened only if they are regular files, checked before opening (opening a FIFO for reading
 * would block) and opened without following links. JDK types only: shared with the aggregator.
 */
public final class SafeFiles {
    private static final int ZERO_CHUNK = 64 * 1024;

    private SafeFiles() {}

    /** 0600, or nothing on a file system without POSIX permissions. */
    public static FileAttribute<?>[] privateFile(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
            : new FileAttribute<?>[0];
    }

    /** 0700, or nothing on a file system without POSIX permissions. */
    public static FileAttribute<?>[] privateDirectory(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE))}
            : new FileAttribute<?>[0];
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates a file for {@code path}, filled with {@code header} followed by zeros up to
     * {@code size} bytes, and maps it, under a temporary name ({@link #unnamed}): a reader that
     * sees {@code path} once {@link #nameCreated} renames it into place sees the whole file, and
     * {@link #discardUnnamed} removes a file that is not to be named. Writing every byte up front
     * makes the file system allocate the blocks now: a full disk is an IOException here, never
     * a SIGBUS later when a log call writes into the mapping. Gives up (the temporary file
     * deleted) with an {@link java.io.InterruptedIOException} as soon as {@code cancelled} says
     * so, asked between chunks of the zero fill.
     */
    public static MappedByteBuffer createMappedUnnamed(Path path, ByteBuffer header, int size,
                                                       java.util.function.BooleanSupplier cancelled) throws IOException {
        Path temp = unnamed(path);
        Files.deleteIfExists(temp); // a leftover of ours: only this process writes this name
        boolean created = false;
        try (FileChannel channel = FileChannel.open(temp, options(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), privateFile(path.getParent()))) {
            created = true;
            writeFully(channel, header, 0);
            long position = header.limit();
            ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK);
            while (position < size) {
                if (cancelled.getAsBoolean()) {
                    throw new java.io.InterruptedIOException("cancelled while creating " + path);
                }
                zeros.clear();
                zeros.limit((int) Math.min(ZERO_CHUNK, size - position));
                position += writeFully(channel, zeros, position);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            created = false;
            return map;
        } finally {
            if (created) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the caller reports the first failure
                }
            }
        }
    }

    /** The temporary name a file made by {@link #createMappedUnnamed} has until it is named. */
    public static Path unnamed(Path path) {
        return path.resolveSibling(path.getFileName() + ".tmp");
    }

    /** Renames a file made by {@link #createMappedUnnamed} into place, atomically. */
    public static void nameCreated(Path path) throws IOException {
        try {
            Files.move(unnamed(path), path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException failure) {
            discardUnnamed(path);
            throw failure;
        }
    }

    /** Removes a file made by {@link #createMappedUnnamed} that is not to be named. */
    public static void discardUnnamed(Path path) {
        try {
            Files.deleteIfExists(unnamed(path));
        } catch (IOException ignored) {
            // the writer's next attempt at this name removes it first
        }
    }

    private static int writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        int written = 0;
        while (data.hasRemaining()) {
            written += channel.write(data, position + written);
        }
        return written;
    }

    /**
     * The attributes of {@code path} itself (a link is not followed), or null if it does not exist.
     */
    public static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Opens an existing regular file without following links, after checking (without opening)
     * that it is one: a FIFO or device is refused before any open call can block on it.
     *
     * @throws NotRegularFileException if it is a link, a directory, a FIFO or anything else
     */
    public static FileChannel openRegular(Path path, boolean write) throws IOException {
        BasicFileAttributes attributes = attributes(path);
        if (attributes == null) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(path, describe(attributes));
        }
        FileChannel channel = FileChannel.open(path, write
                ? options(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                : options(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        // Replaced between the check and the open? The file key says whether we opened what we checked.
        BasicFileAttributes again = attributes(path);
        if (again == null || !again.isRegularFile() || !java.util.Objects.equals(again.fileKey(), attributes.fileKey())) {
            channel.close();
            throw new NotRegularFileException(path, "replaced while being opened");
        }
        return channel;
    }

    /** A short description of what a path is: "a symbolic link", "a directory", "a FIFO or device". */
    public static String describe(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isOther()) {
            return "a FIFO, socket or device";
        }
        return "a regular file";
    }

    /** Creates {@code target} holding {@code content}, atomically and only if it does not exist yet. */
    public static boolean createAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, options(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), privateFile(target.getParent()))) {
            writeFully(channel, ByteBuffer.wrap(content), 0);
        }
        try {
            Files.createLink(target, temp); // atomic, and fails if the target exists
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A set of open options (EnumSet cannot mix StandardOpenOption and LinkOption). */
    public static Set<OpenOption> options(OpenOption... options) {
        return new HashSet<>(java.util.Arrays.asList(options));
    }

    /** A file is not what it should be (a link, a FIFO...). */
    public static final class NotRegularFileException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotRegularFileException(Path path, String what) {
            super(path + " is " + what + ", not a regular file");
        }
    }
}
