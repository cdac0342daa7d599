package io.nvrx.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small generated node logs and a way to run a tool in-process, for the CLI's unit tests. */
final class LogFiles {
    private LogFiles() {}

    /** One NVRx text header line. */
    static String line(String time, String level, String node, int rank, String message) {
        return time + " [" + level + "] [" + node + "] [workload:" + rank + "(" + (rank % 2) + ") infra:" + rank + "("
                + (rank % 2) + ")] Trainer.java:" + (10 + rank) + " " + message;
    }

    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** Runs {@code java -jar nvrx-agent.jar args...} in this JVM. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NvrxMain.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final class Run {
        final int code;
        final String out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>(Arrays.asList(out.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
