package io.nvrx.agent.aggregate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge pool hands records out in exactly the order one priority queue of them would. */
class MergePoolTest {

    @Test
    void emitsInTheOrderOfOnePriorityQueueWhateverTheArrivalOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            MergePool pool = new MergePool();
            PriorityQueue<Pending> reference = new PriorityQueue<>(Pending.ORDER);
            Object[] sources = new Object[1 + random.nextInt(6)];
            for (int s = 0; s < sources.length; s++) {
                sources[s] = "source " + s + " of round " + round;
            }
            long[] clock = new long[sources.length];
            long[] position = new long[sources.length];
            List<Pending> fromPool = new ArrayList<>();
            List<Pending> fromReference = new ArrayList<>();
            for (int poll = 0; poll < 40; poll++) {
                // Each source adds records stamped nearly in order: now and then a neighbour swapped,
                // now and then a stamp from before what is pooled already, ties included.
                int arrivals = random.nextInt(60);
                for (int i = 0; i < arrivals; i++) {
                    int s = random.nextInt(sources.length);
                    clock[s] += random.nextInt(3);
                    long key = random.nextInt(10) == 0 ? clock[s] - random.nextInt(20) : clock[s];
                    Pending record = new Pending(Pending.SPOOL_TEXT, key, s, position[s] += 8, 0, 0, sources[s], null);
                    pool.add(record);
                    reference.add(record);
                }
                long watermark = poll * 3L + random.nextInt(10);
                while (!pool.isEmpty() && pool.peek().key < watermark) {
                    fromPool.add(pool.poll());
                }
                while (!reference.isEmpty() && reference.peek().key < watermark) {
                    fromReference.add(reference.poll());
                }
                assertThat(pool.size()).isEqualTo(reference.size());
            }
            while (!pool.isEmpty()) {
                fromPool.add(pool.poll());
            }
            while (!reference.isEmpty()) {
                fromReference.add(reference.poll());
            }
            assertThat(fromPool).as("round " + round).containsExactlyElementsOf(fromReference);
            assertThat(pool.peek()).isNull();
            assertThat(pool.poll()).isNull();
        }
    }
}
