package io.nvrx.agent.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SpoolDirectory#locate} names what {@link SpoolDirectory#resolve} creates, without creating it. */
class SpoolDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void locateAgreesWithResolveAndCreatesNothing() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        new ProcessBuilder("chmod", "+t", shared.toString()).start().waitFor();
        Path own = Files.createDirectory(dir.resolve("own"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        for (Path tmp : new Path[] {shared, own, dir.resolve("absent")}) {
            for (String job : new String[] {"slurm-5.0", null}) {
                boolean existed = Files.exists(tmp);
                SpoolDirectory located = SpoolDirectory.locate(tmp.toString(), job);
                assertThat(Files.exists(tmp)).isEqualTo(existed);
                if (job != null) {
                    assertThat(located.spoolDir).doesNotExist();
                }
                SpoolDirectory resolved = SpoolDirectory.resolve(tmp.toString(), job);
                assertThat(located.spoolDir).isEqualTo(resolved.spoolDir).exists();
                assertThat(located.base).isEqualTo(resolved.base);
                assertThat(located.tmpDir).isEqualTo(resolved.tmpDir);
            }
        }
        assertThat(SpoolDirectory.locate(shared.toString(), "j").spoolDir.getParent().getFileName().toString())
                .isEqualTo("nvrx-" + SpoolDirectory.currentUid());
    }
}
