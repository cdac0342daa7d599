package io.nvrx.agent.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The bootstrap classes as they travel in the agent jar: one nested jar, {@value #PATH}, read
 * in one pass (no scan of the agent jar's thousands of entries). Used by the agent at start-up
 * and by the command-line tools, which run without an agent.
 *
 * <p>The nested jar is read into memory and its local entry headers are walked directly, each
 * class inflated with one {@link Inflater} call: through {@link ZipInputStream}'s layers of
 * streams the same 25 classes took about 7 ms of the JVM's start-up (interpreted code, small
 * buffers). A jar this simple walk does not understand (entries whose sizes follow their data)
 * is read with {@link ZipInputStream} after all.
 */
public final class NestedBootstrapJar {
    public static final String PATH = "META-INF/nvrx/nvrx-bootstrap.jar";

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int SIZES_AFTER_DATA = 8;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    private NestedBootstrapJar() {}

    /** Class name to class file, for every class of the nested jar. */
    public static Map<String, byte[]> classes(File agentJar) throws Exception {
        byte[] nested;
        try (JarFile jar = new JarFile(agentJar)) {
            ZipEntry entry = jar.getEntry(PATH);
            if (entry == null) {
                throw new IllegalStateException(PATH + " is missing from " + agentJar);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                nested = readAll(in, (int) Math.max(entry.getSize(), 0));
            }
        }
        return read(nested);
    }

    /** Class name to class file, for every class of a jar held in memory. */
    static Map<String, byte[]> read(byte[] jar) throws Exception {
        Map<String, byte[]> classes = fromLocalHeaders(jar);
        return classes != null ? classes : fromZipStream(jar);
    }

    /** The classes, or null if an entry is not one this walk reads (sizes after the data, other methods). */
    static Map<String, byte[]> fromLocalHeaders(byte[] jar) throws DataFormatException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        Inflater inflater = new Inflater(true);
        try {
            int at = 0;
            while (at + 30 <= jar.length && int32(jar, at) == LOCAL_HEADER) {
                int flags = int16(jar, at + 6);
                int method = int16(jar, at + 8);
                int compressedSize = int32(jar, at + 18);
                int size = int32(jar, at + 22);
                int nameLength = int16(jar, at + 26);
                int extraLength = int16(jar, at + 28);
                int data = at + 30 + nameLength + extraLength;
                if ((flags & SIZES_AFTER_DATA) != 0 || (method != STORED && method != DEFLATED)
                        || compressedSize < 0 || size < 0 || data + compressedSize > jar.length) {
                    return null;
                }
                String path = new String(jar, at + 30, nameLength, StandardCharsets.UTF_8);
                if (isClass(path)) {
                    byte[] bytes = new byte[size];
                    if (method == STORED) {
                        System.arraycopy(jar, data, bytes, 0, size);
                    } else {
                        inflater.reset();
                        inflater.setInput(jar, data, compressedSize);
                        if (inflater.inflate(bytes) != size) {
                            return null;
                        }
                    }
                    classes.put(className(path), bytes);
                }
                at = data + compressedSize;
            }
        } finally {
            inflater.end();
        }
        return classes;
    }

    static Map<String, byte[]> fromZipStream(byte[] jar) throws Exception {
        return ZipStreamReader.classes(jar);
    }

    /** The fall-back, in its own class so that the usual start-up never loads ZipInputStream. */
    private static final class ZipStreamReader {
        static Map<String, byte[]> classes(byte[] jar) throws Exception {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (ZipInputStream nested = new ZipInputStream(new ByteArrayInputStream(jar))) {
                for (ZipEntry e; (e = nested.getNextEntry()) != null; ) {
                    if (isClass(e.getName())) {
                        classes.put(className(e.getName()), readAll(nested, 4096));
                    }
                }
            }
            return classes;
        }
    }

    private static boolean isClass(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - 6).replace('/', '.');
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int int32(byte[] b, int at) {
        return int16(b, at) | int16(b, at + 2) << 16;
    }

    private static byte[] readAll(InputStream in, int expectedSize) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(expectedSize, 4096));
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
