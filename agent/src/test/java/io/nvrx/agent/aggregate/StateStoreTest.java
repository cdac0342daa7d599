package io.nvrx.agent.aggregate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The aggregator's state: what is saved is what is loaded, and a save cut short costs one batch, never the state. */
class StateStoreTest {
    @TempDir
    Path dir;

    private Path first() {
        return dir.resolve("nvrx-aggregator.state");
    }

    private Path second() {
        return dir.resolve("nvrx-aggregator.state.2");
    }

    private static DeliveryState stateWithLogLength(long length) {
        DeliveryState state = new DeliveryState();
        state.logPath = "/logs/node.log";
        state.logKey = "(dev=803,ino=12)";
        state.logLength = length;
        return state;
    }

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
        StateStore store = new StateStore(first());
        store.save(state);
        store.close();

        DeliveryState loaded = new StateStore(first()).load();
        assertThat(loaded.logPath).isEqualTo(state.logPath);
        assertThat(loaded.logKey).isEqualTo(state.logKey);
        assertThat(loaded.logLength).isEqualTo(123456789L);
        assertThat(loaded.files.get("nvrx-spool.1-2.0.bin").deliveredBeyond).containsExactly(4200, 4400);
        assertThat(loaded.files.get("nvrx-spool.1-2.0.bin").generation).isEqualTo(3);
        assertThat(loaded.files.get("nvrx-spool.1-2.1.bin").deliveredBeyond).isEmpty();
        assertThat(loaded.writers.get("1-2").dropsReported).isEqualTo(17);
        assertThat(loaded.writers.get("1-2").endReported).isTrue();
        assertThat(loaded.upstream.get("rank_0_x.msg.1").position).isEqualTo(99);
        assertThat(Files.readString(first())).startsWith("nvrx-aggregator-state 2 seq=0000000000000001 ");
    }

    @Test
    void savesGoToTheTwoSlotsInTurnAndTheNewestIsLoaded() throws IOException {
        StateStore store = new StateStore(first());
        for (long length = 1; length <= 5; length++) {
            store.save(stateWithLogLength(length));
            assertThat(new StateStore(first()).load().logLength).isEqualTo(length);
        }
        // A smaller state after a bigger one: the bytes left over after it are not read.
        DeliveryState big = stateWithLogLength(6);
        for (int i = 0; i < 2000; i++) {
            big.files.put("nvrx-spool.1-2." + i + ".bin", new DeliveryState.FileEntry(1, 64, new long[0]));
        }
        store.save(big);
        store.save(stateWithLogLength(7));
        store.save(stateWithLogLength(8)); // over the slot that held the big one
        DeliveryState loaded = new StateStore(first()).load();
        assertThat(loaded.logLength).isEqualTo(8);
        assertThat(loaded.files).isEmpty();
        assertThat(first()).exists();
        assertThat(second()).exists();
    }

    @Test
    void aSaveCutShortLeavesThePreviousStateToLoad() throws IOException {
        StateStore store = new StateStore(first());
        store.save(stateWithLogLength(100)); // the first slot
        store.save(stateWithLogLength(200)); // the second
        store.save(stateWithLogLength(300)); // the first again
        store.close();
        // Killed half-way through that last save: part of its state is new, its header is not.
        damage(first());
        StateStore successor = new StateStore(first());
        assertThat(successor.load().logLength).isEqualTo(200);
        // The successor's next save goes over the damaged slot, not over the state it loaded.
        successor.save(stateWithLogLength(250));
        assertThat(new StateStore(first()).load().logLength).isEqualTo(250);
        damage(first());
        damage(second());
        assertThatThrownBy(() -> new StateStore(first()).load()).hasMessageContaining("fails its check");
    }

    private static void damage(Path slot) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(slot.toFile(), "rw")) {
            file.seek(StateStore.HEADER_BYTES + 5);
            file.write("XXXX".getBytes());
        }
    }

    @Test
    void noStateIsAnEmptyStateAndDamagedOrForeignOnesAreErrors() throws IOException {
        assertThat(new StateStore(first()).load().files).isEmpty();
        Files.writeString(first(), "hello\n");
        assertThatThrownBy(() -> new StateStore(first()).load()).hasMessageContaining("not an aggregator state file");
        Files.writeString(first(), "nvrx-aggregator-state 1\nfile\tx\tnot-a-number\t1\t\n");
        assertThatThrownBy(() -> new StateStore(first()).load()).hasMessageContaining("entry 1 is damaged");
    }

    @Test
    void theOneFileStateOfAnOlderAggregatorIsRead() throws IOException {
        Files.writeString(first(), "nvrx-aggregator-state 1\nlog\t/logs/node.log\t(dev=1,ino=2)\t4242\n"
                + "file\tnvrx-spool.1-2.0.bin\t1\t640\t\n");
        StateStore store = new StateStore(first());
        DeliveryState loaded = store.load();
        assertThat(loaded.logLength).isEqualTo(4242);
        assertThat(loaded.files.get("nvrx-spool.1-2.0.bin").position).isEqualTo(640);
        store.save(stateWithLogLength(5000));
        assertThat(new StateStore(first()).load().logLength).isEqualTo(5000);
    }

    @Test
    void aLinkPlantedAtASlotIsReplacedNeverWrittenThrough() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(first(), victim);
        Path otherVictim = Files.writeString(dir.resolve("other.txt"), "precious too");
        Files.createLink(second(), otherVictim);
        StateStore store = new StateStore(first());
        store.save(stateWithLogLength(1));
        store.save(stateWithLogLength(2));
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(otherVictim)).isEqualTo("precious too");
        assertThat(Files.isSymbolicLink(first())).isFalse();
        assertThat(new StateStore(first()).load().logLength).isEqualTo(2);
    }
}
