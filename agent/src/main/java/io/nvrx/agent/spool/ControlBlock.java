package io.nvrx.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process's control block, {@code nvrx-spool.<id>.live}: who the process is and what the
 * aggregator must know when it is gone. Its writer maps it and holds an exclusive lock on it for
 * its whole life; the aggregator knows a writer is gone when it can lock the file.
 * <pre>
 *   0 int magic "NVRL"   4 int version   8 long pid   16 long process start (epoch ms)
 *  24 long records dropped so far (atomic; in the page cache, so it survives a kill -9)
 *  32 int flags (1: closed normally)
 *  36 int workload rank  40 int workload local rank  44 int infra rank  48 int infra local rank (-1: unknown)
 *  52 int node id length 56 int NVRX_LOG_MAX_FILE_SIZE_KB  60 int NVRX_LOG_MAX_LOG_FILES
 *  64 node id (UTF-8)
 * </pre>
 * JDK types only: shared with the aggregator.
 */
public final class ControlBlock {
    static final int MAGIC = 0x4E56524C; // "NVRL"
    public static final int SIZE = 512;
    private static final int C_PID = 8;
    private static final int C_START = 16;
    private static final int C_DROPPED = 24;
    private static final int C_FLAGS = 32;
    private static final int C_RANKS = 36;
    private static final int C_NODE_LENGTH = 52;
    private static final int C_MAX_FILE_SIZE_KB = 56;
    private static final int C_MAX_LOG_FILES = 60;
    private static final int C_NODE = 64;
    private static final int MAX_NODE_BYTES = SIZE - C_NODE;
    public static final int FLAG_CLOSED = 1;

    private final ByteBuffer map;

    /** A view of a mapped control block (the aggregator maps it read-only). */
    public ControlBlock(ByteBuffer map) {
        this.map = map;
    }

    /** Checks a mapped control block's magic and version. */
    public static boolean valid(ByteBuffer map) {
        return map.capacity() >= SIZE && SpoolFormat.getInt(map, 0) == MAGIC
                && SpoolFormat.getInt(map, 4) == SpoolFormat.VERSION;
    }

    /** The writer's side: the created, mapped and locked live file. */
    public static final class Owned {
        public final ProcessIdentity identity;
        public final Path path;
        public final ControlBlock block;
        // Kept open for the life of the process: closing it (or any other channel on this file
        // in this JVM) would release the lock that tells the aggregator we are alive.
        private final FileChannel channel;
        @SuppressWarnings("unused")
        private final FileLock lock;

        Owned(ProcessIdentity identity, Path path, ControlBlock block, FileChannel channel, FileLock lock) {
            this.identity = identity;
            this.path = path;
            this.block = block;
            this.channel = channel;
            this.lock = lock;
        }
    }

    /**
     * Creates, fills, locks and only then names the live file: it is written under a temporary
     * name and linked to its final name while locked, so the aggregator never sees an unlocked
     * live file of a process that is alive.
     */
    public static Owned create(Path dir, ProcessIdentity identity, String nodeId, int[] ranks,
                               long maxFileSizeKb, long maxLogFiles) throws IOException {
        ProcessIdentity who = identity;
        for (int attempt = 0; attempt < 20; attempt++) {
            Path temp = dir.resolve(SpoolLayout.liveName(who.id) + ".tmp");
            Files.deleteIfExists(temp); // our own leftover (same pid and start): nobody else writes this name
            FileChannel channel = FileChannel.open(temp, SafeFiles.options(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), SafeFiles.privateFile(dir));
            boolean keep = false;
            try {
                FileLock lock = channel.lock();
                ByteBuffer content = ByteBuffer.allocate(SIZE).order(SpoolFormat.ORDER);
                content.putInt(0, MAGIC);
                content.putInt(4, SpoolFormat.VERSION);
                content.putLong(C_PID, who.pid);
                content.putLong(C_START, who.startMillis);
                for (int i = 0; i < 4; i++) {
                    content.putInt(C_RANKS + 4 * i, ranks[i]);
                }
                byte[] node = truncatedUtf8(nodeId, MAX_NODE_BYTES);
                content.putInt(C_NODE_LENGTH, node.length);
                content.putInt(C_MAX_FILE_SIZE_KB, (int) Math.min(Integer.MAX_VALUE, maxFileSizeKb));
                content.putInt(C_MAX_LOG_FILES, (int) Math.min(Integer.MAX_VALUE, maxLogFiles));
                content.position(C_NODE);
                content.put(node);
                content.clear();
                while (content.hasRemaining()) {
                    channel.write(content, content.position());
                }
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
                Path live = dir.resolve(SpoolLayout.liveName(who.id));
                try {
                    Files.createLink(live, temp);
                } catch (FileAlreadyExistsException clash) {
                    who = identity.withSuffix(attempt + 1);
                    continue;
                }
                keep = true;
                return new Owned(who, live, new ControlBlock(map), channel, lock);
            } finally {
                Files.deleteIfExists(temp);
                if (!keep) {
                    channel.close();
                }
            }
        }
        throw new IOException("cannot create a live file in " + dir);
    }

    static byte[] truncatedUtf8(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a character in two
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    public long pid() {
        return SpoolFormat.getLong(map, C_PID);
    }

    public long startMillis() {
        return SpoolFormat.getLong(map, C_START);
    }

    /** Counts one record dropped; atomic, visible to the aggregator even if this process dies next. */
    public void addDropped(long n) {
        SpoolFormat.getAndAddLong(map, C_DROPPED, n);
    }

    public long dropped() {
        return SpoolFormat.getLongAcquire(map, C_DROPPED);
    }

    public void markClosed() {
        SpoolFormat.orIntRelease(map, C_FLAGS, FLAG_CLOSED);
    }

    public boolean closed() {
        return (SpoolFormat.getIntAcquire(map, C_FLAGS) & FLAG_CLOSED) != 0;
    }

    /** A rank field, -1 when unknown: 0 workload rank, 1 workload local rank, 2 infra rank, 3 infra local rank. */
    public int rank(int which) {
        return SpoolFormat.getInt(map, C_RANKS + 4 * which);
    }

    public int maxFileSizeKb() {
        return SpoolFormat.getInt(map, C_MAX_FILE_SIZE_KB);
    }

    public int maxLogFiles() {
        return SpoolFormat.getInt(map, C_MAX_LOG_FILES);
    }

    public String nodeId() {
        int length = Math.max(0, Math.min(MAX_NODE_BYTES, SpoolFormat.getInt(map, C_NODE_LENGTH)));
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = map.get(C_NODE + i);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
