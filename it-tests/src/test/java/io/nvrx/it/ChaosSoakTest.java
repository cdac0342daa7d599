package io.nvrx.it;

import io.nvrx.it.apps.SoakApp;
import io.nvrx.it.support.NodeLocalJob;
import io.nvrx.it.support.NodeLocalJob.Rank;
import io.nvrx.it.support.NodeLocalJob.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak under chaos, node-local mode: 8 ranks log numbered records from several threads through
 * java.util.logging and System.err, while the harness kill -9s random ranks (each restarts at
 * once with a new pid and a new incarnation number, as under a fault-tolerant launcher) and the
 * aggregator. At the end every record whose log call returned must be in the node log exactly
 * once, or counted in a "dropped N records" line of its process.
 *
 * <p>CI runs it for {@value #CI_SECONDS} s; {@code -Dnvrx.soak.seconds=600} runs the long
 * version. The figures go to stdout ("SOAK ...") and to the README's reliability table.
 */
@Isolated // alone on the machine: its figures and its JVM start-ups must not compete with other tests
class ChaosSoakTest {

    /** The aggregators these tests start outlive their ranks: let them stop before the temp dir goes. */
    @org.junit.jupiter.api.AfterEach
    void settleAggregators() throws Exception {
        io.nvrx.it.support.NodeLocalJob.settleAll();
    }
    private static final int CI_SECONDS = 35;
    private static final int RANKS = 8;
    private static final int THREADS = 3;
    private static final Pattern SOAK = Pattern.compile("soak r=(\\d+) i=(\\d+) t=(\\d+) s=(\\d+)$");
    private static final Pattern DROPPED = Pattern.compile("nvrx-agent:0 dropped (\\d+) records of process (\\d+)");
    private static final Pattern ENDED = Pattern.compile("nvrx-agent:0 process (\\d+) ended without a normal exit");

    /** One run of one rank: its process, its incarnation number. */
    private static final class Incarnation {
        final int rank;
        final int number;
        final Rank process;

        Incarnation(int rank, int number, Rank process) {
            this.rank = rank;
            this.number = number;
            this.process = process;
        }

        String key(String thread, String seq) {
            return rank + "/" + number + "/" + thread + "/" + seq;
        }
    }

    private static Incarnation start(NodeLocalJob job, int rank, int number, Path stopFile) throws Exception {
        Rank process = job.start(job.rank(SoakApp.class, rank, rank)
                .jvmArg("-Xmx64m").jvmArg("-XX:+UseSerialGC")
                .env("NVRX_LOG_MAX_FILE_SIZE_KB", "1024")
                .args(stopFile.toString(), Integer.toString(number), Integer.toString(THREADS), "4000"));
        return new Incarnation(rank, number, process);
    }

    /** The records the incarnation announced as returned (whole lines only: it may have died mid-line). */
    private static List<String> announced(Incarnation inc) throws Exception {
        List<String> keys = new ArrayList<>();
        for (String line : wholeLines(inc.process)) {
            if (line.startsWith("LOGGED ")) {
                String[] parts = line.split(" ");
                keys.add(inc.key(parts[1], parts[2]));
            }
        }
        return keys;
    }

    private static List<String> wholeLines(Rank rank) throws Exception {
        return rank.wholeStdoutLines();
    }

    @Test
    void eightRanksUnderKillMinus9LoseNothingSilentlyAndDuplicateNothing(@TempDir Path tmp) throws Exception {
        int seconds = Integer.getInteger("nvrx.soak.seconds", CI_SECONDS);
        NodeLocalJob job = new NodeLocalJob(tmp.resolve("spool"));
        Random random = new Random(Long.getLong("nvrx.soak.seed", System.nanoTime()));
        Path stopFile = tmp.resolve("stop");
        List<Incarnation> all = new ArrayList<>();
        Incarnation[] current = new Incarnation[RANKS];
        int rankKills = 0;
        int aggregatorKills = 0;
        Set<Long> killedPids = new HashSet<>();
        Set<Incarnation> killed = new HashSet<>();
        List<String> timeline = new ArrayList<>();
        try {
            for (int r = 0; r < RANKS; r++) {
                current[r] = start(job, r, 0, stopFile);
                all.add(current[r]);
            }
            // The chaos starts once every rank logs (JVM start-up on a busy machine takes seconds).
            NodeLocalJob.await(() -> {
                try {
                    for (Incarnation inc : current) {
                        if (inc.process.stdoutBytes() == 0) {
                            return false;
                        }
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }, 120, "every rank to log its first record");
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            long nextAggregatorKill = System.currentTimeMillis() + 4000;
            // Leave the last 3 s alone so that the final incarnations all log something.
            while (System.currentTimeMillis() < deadline - 3000) {
                Thread.sleep(1000 + random.nextInt(1500));
                int r = pickVictim(current, random);
                killedPids.add(current[r].process.process.pid());
                killed.add(current[r]);
                current[r].process.kill9();
                timeline.add(clock() + " kill -9 rank " + r + " incarnation " + current[r].number + " pid "
                        + current[r].process.process.pid());
                rankKills++;
                current[r] = start(job, r, current[r].number + 1, stopFile);
                all.add(current[r]);
                if (System.currentTimeMillis() > nextAggregatorKill) {
                    Path lock = job.spoolDir(null).resolve("nvrx-aggregator.lock");
                    long pid = aggregatorPid(lock);
                    if (pid > 0 && NodeLocalJob.killAggregator(pid, job.spoolDir(null)).isPresent()) {
                        timeline.add(clock() + " kill -9 aggregator pid " + pid);
                        aggregatorKills++;
                    }
                    nextAggregatorKill = System.currentTimeMillis() + 4000 + random.nextInt(3000);
                }
            }
            Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()));
            Files.writeString(stopFile, "stop");
            for (int r = 0; r < RANKS; r++) {
                int code = current[r].process.await(120);
                assertThat(code).as("rank %d exit code; stderr:\n%s", r, current[r].process.stderr()).isZero();
            }
        } finally {
            job.killAll();
        }
        job.awaitAggregatorStopped(null, 60);

        List<Record> records = NodeLocalJob.records(job.nodeLog(null));
        Map<String, Integer> delivered = new HashMap<>();
        Map<Long, Long> droppedByPid = new HashMap<>();
        Set<Long> endedPids = new HashSet<>();
        for (Record record : records) {
            Matcher soak = SOAK.matcher(record.header.message);
            if (soak.find()) {
                delivered.merge(soak.group(1) + "/" + soak.group(2) + "/" + soak.group(3) + "/" + soak.group(4), 1, Integer::sum);
            }
            Matcher dropped = DROPPED.matcher(record.text);
            if (dropped.find()) {
                droppedByPid.merge(Long.parseLong(dropped.group(2)), Long.parseLong(dropped.group(1)), Long::sum);
            }
            Matcher ended = ENDED.matcher(record.text);
            if (ended.find()) {
                endedPids.add(Long.parseLong(ended.group(1)));
            }
        }
        // A rank killed while its JVM was still starting had no spool yet: nothing to report.
        Set<Long> killedWhileSpooling = new HashSet<>();
        for (Incarnation inc : killed) {
            if (!announced(inc).isEmpty()) {
                killedWhileSpooling.add(inc.process.process.pid());
            }
        }
        long logged = 0;
        long lostUncounted = 0;
        long lostCounted = 0;
        List<String> lostExamples = new ArrayList<>();
        for (Incarnation inc : all) {
            List<String> keys = announced(inc);
            logged += keys.size();
            long lost = keys.stream().filter(k -> !delivered.containsKey(k)).count();
            long dropped = droppedByPid.getOrDefault(inc.process.process.pid(), 0L);
            long counted = Math.min(lost, dropped);
            lostCounted += counted;
            lostUncounted += lost - counted;
            if (lost > counted) {
                keys.stream().filter(k -> !delivered.containsKey(k)).limit(5).forEach(lostExamples::add);
            }
        }
        long duplicates = delivered.values().stream().filter(n -> n > 1).count();
        long droppedTotal = droppedByPid.values().stream().mapToLong(Long::longValue).sum();
        String figures = String.format("SOAK seconds=%d ranks=%d threads=%d incarnations=%d rankKills=%d aggregatorKills=%d"
                        + " logged(returned)=%d delivered=%d duplicates=%d droppedCounted=%d lostCounted=%d lostUncounted=%d"
                        + " crashNotes=%d (killed while spooling: %d)",
                seconds, RANKS, THREADS, all.size(), rankKills, aggregatorKills, logged, delivered.size(), duplicates,
                droppedTotal, lostCounted, lostUncounted, endedPids.stream().filter(killedPids::contains).count(), killedWhileSpooling.size());
        System.out.println(figures);
        Files.writeString(Path.of("target", "soak-figures.txt"), figures + "\n", StandardCharsets.UTF_8);

        assertThat(rankKills).isGreaterThanOrEqualTo(seconds / 3);
        assertThat(killedWhileSpooling).as(figures).hasSizeGreaterThanOrEqualTo(3);
        assertThat(aggregatorKills).isGreaterThanOrEqualTo(1);
        assertThat(logged).as(figures).isGreaterThan(1000L * seconds / 10);
        assertThat(duplicates).as(figures).isZero();
        assertThat(lostExamples).as(figures).isEmpty();
        assertThat(lostUncounted).as(figures).isZero();
        assertThat(endedPids).as("each rank killed while spooling is reported as ended without a normal exit")
                .containsAll(killedWhileSpooling);
        // Zero time inversions, unless the wall clock itself was stepped during the run: then the
        // aggregator says so in the node log, and printed times jump there by design.
        List<String> inversions = NodeLocalJob.inversions(records);
        boolean clockStepped = records.stream().anyMatch(r -> r.text.contains("the wall clock was stepped by"));
        String inversionLine = "SOAK time inversions=" + inversions.size() + (clockStepped ? " (wall clock stepped)" : "")
                + (inversions.isEmpty() ? "" : " first: " + inversions.get(0));
        System.out.println(inversionLine);
        Files.writeString(Path.of("target", "soak-figures.txt"), inversionLine + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        if (!clockStepped && !inversions.isEmpty()) {
            StringBuilder context = new StringBuilder("records around each inversion:\n");
            for (int i = 1; i < records.size(); i++) {
                if (records.get(i).header.time.compareTo(records.get(i - 1).header.time) < 0) {
                    for (int k = Math.max(0, i - 6); k < Math.min(records.size(), i + 4); k++) {
                        context.append(k == i ? "  >> " : "     ").append(records.get(k).header.time).append(' ')
                                .append(records.get(k).header.message).append('\n');
                    }
                    context.append('\n');
                }
            }
            context.append("kills:\n");
            timeline.forEach(line -> context.append("  ").append(line).append('\n'));
            System.out.println(context);
            Files.writeString(Path.of("target", "soak-inversions.txt"), context.toString(), StandardCharsets.UTF_8);
        }
        if (!clockStepped) {
            assertThat(inversions).as(figures).isEmpty();
        }
        // Whatever the kills left half made (temporary files, files of dead processes) is cleaned up.
        assertThat(NodeLocalJob.files(job.spoolDir(null))).as("files left in the spool directory")
                .containsExactly(job.nodeLog(null).getFileName().toString());
    }

    private static String clock() {
        return java.time.LocalTime.now().toString();
    }

    /**
     * Mostly a rank that is logging (on a busy machine a JVM may take seconds to start, and
     * killing only starting JVMs would prove little), sometimes any rank, starting or not.
     */
    private static int pickVictim(Incarnation[] current, Random random) throws Exception {
        List<Integer> logging = new ArrayList<>();
        for (int r = 0; r < current.length; r++) {
            if (current[r].process.stdoutBytes() > 0) {
                logging.add(r);
            }
        }
        if (logging.isEmpty() || random.nextInt(5) == 0) {
            return random.nextInt(current.length);
        }
        return logging.get(random.nextInt(logging.size()));
    }

    private static long aggregatorPid(Path lock) {
        try {
            String text = Files.readString(lock).trim();
            return text.startsWith("aggregator ") ? Long.parseLong(text.split(" ")[1]) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
