import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Writes NODES node logs totalling about TOTAL_MB megabytes into DIR, as the aggregator would:
 * time-ordered records of 4 ranks per node, some with stack traces.
 * Run: java GenerateNodeLogs.java DIR NODES TOTAL_MB
 */
public class GenerateNodeLogs {
    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        int nodes = Integer.parseInt(args[1]);
        long perNode = Long.parseLong(args[2]) * 1024 * 1024 / nodes;
        Files.createDirectories(dir);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        for (int n = 0; n < nodes; n++) {
            Random random = new Random(n);
            LocalDateTime t = LocalDateTime.of(2024, 1, 15, 10, 0).plusNanos(n * 1_000_000L);
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(dir.resolve("nvrx_log_node" + n + ".log")), 1 << 20)) {
                long written = 0;
                long i = 0;
                while (written < perNode) {
                    t = t.plusNanos((1 + random.nextInt(3)) * 1_000_000L);
                    int local = (int) (i % 4);
                    int rank = n * 4 + local;
                    boolean error = i % 97 == 0;
                    StringBuilder s = new StringBuilder(256);
                    s.append(f.format(t)).append(error ? " [ERROR] [" : " [INFO] [").append("node").append(n)
                            .append("] [workload:").append(rank).append('(').append(local).append(") infra:")
                            .append(rank).append('(').append(local).append(")] Trainer.java:").append(40 + local)
                            .append(" step ").append(i).append(" loss=").append(random.nextDouble()).append('\n');
                    if (error) {
                        s.append("java.lang.IllegalStateException: step ").append(i).append('\n');
                        for (int k = 0; k < 5; k++) {
                            s.append("\tat io.example.Trainer.step").append(k).append("(Trainer.java:").append(100 + k)
                                    .append(")\n");
                        }
                    }
                    byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
                    out.write(bytes);
                    written += bytes.length;
                    i++;
                }
            }
        }
    }
}
