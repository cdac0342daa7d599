package io.nvrx.agent.aggregate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryStateTest {
    @TempDir
    Path dir;

    @Test
    void whatIsSavedIsWhatIsLoaded() throws IOException {
        DeliveryState state = new DeliveryState();
        state.logPath = "/logs/with\ttab and\nnewline\\.log";
        state.logKey = "(dev=803,ino=12)";
        state.logLength = 123456789L;
        state.files.put("nvrx-spool.1-2.0.bin", new DeliveryState.FileEntry(3, 4096, new long[] {4200, 4400}));
        state.files.put("nvrx-spool.1-2.1.bin", new DeliveryState.FileEntry(1, 64, new long[0]));
        state.writers.put("1-2", new DeliveryState.WriterEntry(17, true));
        state.upstream.put("rank_0_x.msg.1", new DeliveryState.UpstreamEntry("(dev=1,ino=2)", 99));
        Path file = dir.resolve("state");
        state.save(file);

        DeliveryState loaded = DeliveryState.load(file);
        assertThat(loaded.logPath).isEqualTo(state.logPath);
        assertThat(loaded.logKey).isEqualTo(state.logKey);
        assertThat(loaded.logLength).isEqualTo(123456789L);
        assertThat(loaded.files.get("nvrx-spool.1-2.0.bin").deliveredBeyond).containsExactly(4200, 4400);
        assertThat(loaded.files.get("nvrx-spool.1-2.0.bin").generation).isEqualTo(3);
        assertThat(loaded.files.get("nvrx-spool.1-2.1.bin").deliveredBeyond).isEmpty();
        assertThat(loaded.writers.get("1-2").dropsReported).isEqualTo(17);
        assertThat(loaded.writers.get("1-2").endReported).isTrue();
        assertThat(loaded.upstream.get("rank_0_x.msg.1").position).isEqualTo(99);
        assertThat(Files.exists(dir.resolve("state.tmp"))).isFalse();
    }

    @Test
    void noStateFileIsAnEmptyStateAndADamagedOneIsAnError() throws IOException {
        assertThat(DeliveryState.load(dir.resolve("missing")).files).isEmpty();
        Path damaged = Files.writeString(dir.resolve("damaged"), "nvrx-aggregator-state 1\nfile\tx\tnot-a-number\t1\t\n");
        assertThatThrownBy(() -> DeliveryState.load(damaged)).hasMessageContaining("line 2 is damaged");
        Path foreign = Files.writeString(dir.resolve("foreign"), "hello\n");
        assertThatThrownBy(() -> DeliveryState.load(foreign)).hasMessageContaining("not an aggregator state file");
    }
}
