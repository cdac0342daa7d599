package io.nvrx.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FollowCommandTest {
    @Test
    void runsForAGivenTimeFromTheStart(@TempDir Path dir) throws IOException {
        Path f = LogFiles.write(dir, "n.log", LogFiles.line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "hello"));
        LogFiles.Run r = LogFiles.run("follow", "--from-start", "--for", "0.5", "--poll", "0.05", f.toString(),
                dir.resolve("later.log").toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo(LogFiles.line("2024-01-15 10:00:00,000", "INFO", "n1", 0, "hello") + "\n");
        assertThat(r.err).contains("later.log does not exist (yet); waiting for it");
        assertThat(LogFiles.run("follow").err).contains("no log files given");
    }
}
