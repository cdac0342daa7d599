package io.nvrx.agent.spool;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which interpreter puts the aggregator into a process group of its own. */
class ProcessGroupPrefixTest {
    private static final String[] MISSING = {"/nonexistent/perl", "-e", "1", "--"};
    private static final String[] BROKEN = {"/bin/sh", "-c", "exit 3", "sh"};

    @Test
    void aMissingOrBrokenInterpreterIsPassedOverForTheNextThatWorks() {
        String[] perl = ProcessGroupPrefix.CANDIDATES[0];
        assertThat(Files.isExecutable(Path.of(perl[0]))).as("this test needs " + perl[0]).isTrue();
        assertThat(ProcessGroupPrefix.firstWorking(new String[][] {MISSING, BROKEN, perl})).containsExactly(perl);
    }

    @Test
    void withNothingThatWorksTheAggregatorStartsWithoutPrefix() {
        assertThat(ProcessGroupPrefix.firstWorking(new String[][] {MISSING, BROKEN})).isEmpty();
    }

    @Test
    void theChosenPrefixMakesANewProcessGroupInTheSameSession() throws Exception {
        List<String> prefix = ProcessGroupPrefix.get();
        assertThat(prefix).isNotEmpty();
        // The child prints its own process group and session ids, as /proc/self/stat has them.
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(prefix));
        builder.command().addAll(List.of("/bin/sh", "-c", "cut -d' ' -f5,6 /proc/self/stat"));
        Process child = builder.start();
        String[] lines = new String(child.getInputStream().readAllBytes()).trim().split("\n");
        assertThat(child.waitFor()).isZero();
        String[] groupAndSession = lines[0].split(" ");
        String[] ours = Files.readString(Path.of("/proc/self/stat")).replaceFirst("^.*\\) ", "").split(" ");
        assertThat(groupAndSession[1]).as("session").isEqualTo(ours[3]);
        assertThat(groupAndSession[0]).as("process group").isNotEqualTo(ours[2]);
    }
}
