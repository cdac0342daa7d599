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
}
