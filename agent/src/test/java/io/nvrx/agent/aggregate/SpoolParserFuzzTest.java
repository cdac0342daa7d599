package io.nvrx.agent.aggregate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's spool parser fed arbitrary bytes (property-based, jqwik): a spool file of a
 * process that is gone, either pure noise or a well-formed file with random bytes overwritten,
 * sits next to a good file of another process. The whole aggregator (in this JVM) must finish
 * in bounded time without throwing, and every record of the good file must be in the node log
 * exactly once.
 */
class SpoolParserFuzzTest {
    private static final long TIME_LIMIT_SECONDS = 10;
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-aggregator");
        t.setDaemon(true);
        return t;
    });

    /** Overwrites of a well-formed file: {position, byte} pairs anywhere after the magic/version words. */
    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Arbitraries.integers().between(8, 700).flatMap(pos -> Arbitraries.integers().between(0, 255)
                .map(b -> new int[] {pos, b})).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void aMutatedSpoolFileNeverHarmsTheOthers(@ForAll("mutations") List<int[]> mutations,
                                              @ForAll @IntRange(min = 0, max = 12) int records) throws Exception {
        Path dir = Files.createTempDirectory("nvrx-fuzz");
        try {
            List<String> good = goodFile(dir);
            FakeSpoolFile bad = FakeSpoolFile.create(dir, 22, 2, 0, 4096);
            for (int i = 0; i < records; i++) {
                bad.append(15 + i * 10, "bad " + i + "\n");
            }
            for (int[] m : mutations) {
                bad.map.put(m[0], (byte) m[1]);
            }
            bad.map.force();
            assertAggregatesTheGoodFile(dir, good);
        } finally {
            delete(dir);
        }
    }

    @Property(tries = 30)
    void pureNoiseWithASpoolNameNeverHarmsTheOthers(@ForAll @Size(min = 0, max = 5000) byte[] noise,
                                                    @ForAll boolean withMagic) throws Exception {
        Path dir = Files.createTempDirectory("nvrx-fuzz");
        try {
            List<String> good = goodFile(dir);
            byte[] bytes = noise.clone();
            if (withMagic && bytes.length >= 8) {
                // get past the magic and version check, so the rest of the header is noise
                FakeSpoolFile template = FakeSpoolFile.create(dir, 33, 3, 1, 4096);
                byte[] head = new byte[8];
                template.map.duplicate().get(head);
                System.arraycopy(head, 0, bytes, 0, 8);
                Files.delete(template.path);
            }
            Files.write(dir.resolve(io.nvrx.agent.spool.SpoolLayout.binName("33-3", 0)), bytes);
            assertAggregatesTheGoodFile(dir, good);
        } finally {
            delete(dir);
        }
    }

    /** A well-formed file of process 11-1 with a few records; returns them as the node log must hold them. */
    private static List<String> goodFile(Path dir) throws IOException {
        FakeSpoolFile good = FakeSpoolFile.create(dir, 11, 1, 0, 4096);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "good " + i;
            good.append(10 + i * 10, text + "\n");
            lines.add(text);
        }
        good.map.force();
        return lines;
    }

    private static void assertAggregatesTheGoodFile(Path dir, List<String> good) throws Exception {
        Future<Integer> run = RUNNER.submit(() -> AggregatorMain.run(
                List.of(dir.toString(), "--node", "n1", "--grace-ms", "0"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        int exit;
        try {
            exit = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException stalled) {
            run.cancel(true);
            throw new AssertionError("the aggregator stalled on " + Arrays.toString(listing(dir)), stalled);
        }
        assertThat(exit).isZero();
        List<String> log = Files.readAllLines(dir.resolve("nvrx_log_n1.log"), StandardCharsets.UTF_8);
        for (String line : good) {
            assertThat(log.stream().filter(line::equals).count()).as("'%s' in %s", line, log).isEqualTo(1);
        }
    }

    private static String[] listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
