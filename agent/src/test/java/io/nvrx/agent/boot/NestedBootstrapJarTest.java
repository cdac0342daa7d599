package io.nvrx.agent.boot;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class NestedBootstrapJarTest {
    /** The nested jar as the build puts it into the agent jar (process-resources copies it there). */
    private static final Path BUILT = Paths.get("target/classes", NestedBootstrapJar.PATH);

    @Test
    void theHeaderWalkReadsTheBuiltJarExactlyAsZipInputStreamDoes() throws Exception {
        byte[] jar = Files.readAllBytes(BUILT);
        Map<String, byte[]> walked = NestedBootstrapJar.fromLocalHeaders(jar);
        Map<String, byte[]> streamed = NestedBootstrapJar.fromZipStream(jar);

        assertThat(walked).isNotNull();
        assertThat(walked.keySet()).containsExactlyElementsOf(streamed.keySet())
                .contains("io.nvrx.bootstrap.Router", "io.nvrx.api.NvrxLogging");
        for (Map.Entry<String, byte[]> e : streamed.entrySet()) {
            assertThat(walked.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void aJarWithSizesAfterTheDataIsReadThroughZipInputStream() throws Exception {
        // ZipOutputStream writes deflated entries with a data descriptor (sizes after the data).
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("a/B.class"));
            zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2, 3});
            zip.putNextEntry(new ZipEntry("a/notes.txt"));
            zip.write('x');
        }
        byte[] jar = bytes.toByteArray();

        assertThat(NestedBootstrapJar.fromLocalHeaders(jar)).isNull();
        Map<String, byte[]> classes = NestedBootstrapJar.read(jar);
        assertThat(classes).containsOnlyKeys("a.B");
        assertThat(classes.get("a.B")).containsExactly((byte) 0xca, (byte) 0xfe, 1, 2, 3);
    }
}
