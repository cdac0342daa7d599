package io.nvrx.agent.boot;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The bootstrap classes as they travel in the agent jar: one nested jar, {@value #PATH}, read
 * in one pass (no scan of the agent jar's thousands of entries). Used by the agent at start-up
 * and by the command-line tools, which run without an agent.
 */
public final class NestedBootstrapJar {
    public static final String PATH = "META-INF/nvrx/nvrx-bootstrap.jar";

    private NestedBootstrapJar() {}

    /** Class name to class file, for every class of the nested jar. */
    public static Map<String, byte[]> classes(File agentJar) throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(agentJar)) {
            ZipEntry entry = jar.getEntry(PATH);
            if (entry == null) {
                throw new IllegalStateException(PATH + " is missing from " + agentJar);
            }
            try (ZipInputStream nested = new ZipInputStream(jar.getInputStream(entry))) {
                for (ZipEntry e; (e = nested.getNextEntry()) != null; ) {
                    String path = e.getName();
                    if (path.endsWith(".class") && !path.endsWith("module-info.class")) {
                        classes.put(path.substring(0, path.length() - 6).replace('/', '.'), readAll(nested));
                    }
                }
            }
        }
        return classes;
    }

    private static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
