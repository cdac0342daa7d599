package io.nvrx.agent.aggregate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's spool parser fed arbitrary bytes (property-based, with seeded random cases so
 * that a failure names the seed that replays it: {@code -Dnvrx.fuzz.seed=N}): a spool file of a
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

    /** The seeds of a build's cases, or the one seed given by -Dnvrx.fuzz.seed. */
    static LongStream seeds(int cases, long salt) {
        String replay = System.getProperty("nvrx.fuzz.seed");
        return replay != null ? LongStream.of(Long.parseLong(replay)) : LongStream.range(0, cases).map(i -> i * 7919 + salt);
    }

    static LongStream mutationSeeds() {
        return seeds(60, 1);
    }

    static LongStream noiseSeeds() {
        return seeds(30, 2);
    }

    /** A well-formed file of a dead process with 0-12 records, then 1-40 bytes overwritten after its magic/version words. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("mutationSeeds")
    void aMutatedSpoolFileNeverHarmsTheOthers(long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("nvrx-fuzz");
        try {
            List<String> good = goodFile(dir);
            FakeSpoolFile bad = FakeSpoolFile.create(dir, 22, 2, 0, 4096);
            int records = random.nextInt(13);
            for (int i = 0; i < records; i++) {
                bad.append(15 + i * 10, "bad " + i + "\n");
            }
            int mutations = 1 + random.nextInt(40);
            for (int m = 0; m < mutations; m++) {
                bad.map.put(8 + random.nextInt(693), (byte) random.nextInt(256));
            }
            bad.map.force();
            assertAggregatesTheGoodFile(dir, good, seed);
        } finally {
            delete(dir);
        }
    }

    /** A file with a spool file's name holding 0-5000 random bytes, half the time behind a valid magic/version. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("noiseSeeds")
    void pureNoiseWithASpoolNameNeverHarmsTheOthers(long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("nvrx-fuzz");
        try {
            List<String> good = goodFile(dir);
            byte[] bytes = new byte[random.nextInt(5001)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length >= 8) {
                // get past the magic and version check, so the rest of the header is noise
                FakeSpoolFile template = FakeSpoolFile.create(dir, 33, 3, 1, 4096);
                byte[] head = new byte[8];
                template.map.duplicate().get(head);
                System.arraycopy(head, 0, bytes, 0, 8);
                Files.delete(template.path);
            }
            Files.write(dir.resolve(io.nvrx.agent.spool.SpoolLayout.binName("33-3", 0)), bytes);
            assertAggregatesTheGoodFile(dir, good, seed);
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

    private static void assertAggregatesTheGoodFile(Path dir, List<String> good, long seed) throws Exception {
        Future<Integer> run = RUNNER.submit(() -> AggregatorMain.run(
                List.of(dir.toString(), "--node", "n1", "--grace-ms", "0"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        int exit;
        try {
            exit = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException stalled) {
            run.cancel(true);
            throw new AssertionError("seed " + seed + ": the aggregator stalled on " + Arrays.toString(listing(dir)), stalled);
        }
        assertThat(exit).as("seed %d", seed).isZero();
        // Decoded leniently: a corrupted record of the bad file may carry bytes that are not UTF-8.
        List<String> log = Arrays.asList(new String(Files.readAllBytes(dir.resolve("nvrx_log_n1.log")),
                StandardCharsets.UTF_8).split("\n"));
        for (String line : good) {
            assertThat(log.stream().filter(line::equals).count()).as("seed %d: '%s' in %s", seed, line, log).isEqualTo(1);
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
