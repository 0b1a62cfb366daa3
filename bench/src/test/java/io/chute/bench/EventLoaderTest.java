package io.chute.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventLoaderTest {

    @Test
    void shouldGiveEveryPartitionRunsOfAtMostMaxRunWhenTheBacklogIsLarge() {
        long count = 1_000_000;
        int partitions = 256;
        long[] perPartition = new long[partitions];
        int longestRun = 0;
        int run = 0;
        int previous = -1;
        for (long i = 0; i < count; i++) {
            int p = EventLoader.partitionOf(i, count, partitions);
            perPartition[p]++;
            run = p == previous ? run + 1 : 1;
            previous = p;
            longestRun = Math.max(longestRun, run);
        }
        assertTrue(longestRun <= EventLoader.MAX_RUN, "longest run " + longestRun);
        assertTrue(longestRun > EventLoader.MAX_RUN / 2, "runs far shorter than the cap: " + longestRun);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long n : perPartition) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        assertTrue(max - min < longestRun, "partitions differ by " + (max - min) + " events");
    }

    @Test
    void shouldSpreadEventByEventWhenEachPartitionGetsOneEvent() {
        for (int i = 0; i < 4; i++) {
            assertEquals(i, EventLoader.partitionOf(i, 4, 4));
        }
    }

    @Test
    void shouldUseEveryPartitionWhenTheBacklogIsSmallerThanOneRunPerPartition() {
        boolean[] seen = new boolean[64];
        for (long i = 0; i < 200; i++) {
            seen[EventLoader.partitionOf(i, 200, 64)] = true;
        }
        for (int p = 0; p < seen.length; p++) {
            assertTrue(seen[p], "partition " + p + " got nothing");
        }
    }
}
