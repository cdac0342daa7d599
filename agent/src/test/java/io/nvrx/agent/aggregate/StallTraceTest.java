package io.nvrx.agent.aggregate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregator's own stalls (the waits for writers are in AggregatorPollTest). */
class StallTraceTest {
    private static final long MS = 1_000_000L;

    @Test
    void aGapOfAHundredMillisecondsOrMoreBetweenTwoPollsIsSaid() {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        StallTrace trace = new StallTrace(new PrintStream(said, true));
        trace.pollStarted(1_000 * MS);
        trace.pollStarted(1_005 * MS);
        trace.pollStarted(1_104 * MS); // 99 ms: not said
        trace.pollStarted(1_354 * MS);
        assertThat(said.toString().lines()).containsExactly(
                "nvrx-aggregator: 250 ms between two polls (this process waited: for a core, the disk or its garbage collector)");
    }

    @Test
    void aSlowAppendOrStateSaveIsSaidWithWhatItWas() {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        StallTrace trace = new StallTrace(new PrintStream(said, true));
        trace.appended(4096, 99 * MS); // not said
        trace.appended(1 << 20, 420 * MS);
        trace.saved(3 * MS); // not said
        trace.saved(130 * MS);
        assertThat(said.toString().lines()).containsExactly(
                "nvrx-aggregator: an append of 1048576 bytes to the node log took 420 ms",
                "nvrx-aggregator: a save of the aggregator's state took 130 ms");
    }
}
