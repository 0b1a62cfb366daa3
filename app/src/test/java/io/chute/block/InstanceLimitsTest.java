package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class InstanceLimitsTest {

    @Test
    void shouldGrowTheLingerWithOpenLanesWhenTheyWouldExceedTheTablesRate() {
        InstanceLimits limits = new InstanceLimits(MemoryBudget.unbounded(), 2.0);
        assertEquals(1000, limits.lingerMillis(1000, 1), "few lanes: the base linger");
        assertEquals(1000, limits.lingerMillis(1000, 2));
        assertEquals(32_000, limits.lingerMillis(1000, 64), "64 lanes at 2 blocks/s: each lingers 32 s");
    }

    @Test
    void shouldCountOpenLanesPerTableWhenLanesShareATable() {
        InstanceLimits limits = new InstanceLimits(MemoryBudget.unbounded(), 1.0);
        limits.openLanes("a").incrementAndGet();
        limits.openLanes("a").incrementAndGet();
        limits.openLanes("b").incrementAndGet();
        assertEquals(2, limits.openLanes("a").get());
        assertEquals(1, limits.openLanes("b").get());
    }

    @Test
    void shouldLetALandedWaitPastTheGrownLingerWhenATablesLingerGrew() {
        InstanceLimits limits = new InstanceLimits(MemoryBudget.unbounded(), 2.0);
        assertEquals(10_000, limits.landedDelayMillis("t", 1000, 5000), "few lanes: two commit intervals");
        for (int i = 0; i < 64; i++) {
            limits.openLanes("t").incrementAndGet();
        }
        assertEquals(37_000, limits.landedDelayMillis("t", 1000, 5000),
                "64 lanes linger 32 s: the next INTENT comes within the linger, so a commit interval past it");
        assertEquals(10_000, limits.landedDelayMillis("other", 1000, 5000), "per table");
    }

    @Test
    void shouldSpreadThePhasesOfATablesPartitionsWhenManyLanesOpenTogether() {
        for (int partitions : new int[] {8, 64, 256}) {
            int[] perEighth = new int[8];
            for (int p = 0; p < partitions; p++) {
                double phase = InstanceLimits.phase("events", p);
                assertTrue(phase > 0 && phase <= 1, "phase " + phase);
                perEighth[(int) Math.min(7, phase * 8)]++;
            }
            for (int n : perEighth) {
                // an even spread puts partitions / 8 in each eighth of the linger
                assertTrue(Math.abs(n - partitions / 8.0) <= 1 + partitions / 32.0,
                        partitions + " partitions: " + Arrays.toString(perEighth));
            }
        }
        assertNotEquals(InstanceLimits.phase("a", 0), InstanceLimits.phase("b", 0), "tables are shifted");
    }

    @Test
    void shouldLingerThePhasesShareOfTheGrownLingerWhenOpenedInStep() {
        InstanceLimits limits = new InstanceLimits(MemoryBudget.unbounded(), 2.0);
        assertEquals(8_000, limits.staggeredLingerMillis(1000, 64, 0.25), "a quarter of 32 s");
        assertEquals(32_000, limits.staggeredLingerMillis(1000, 64, 1.0));
        assertEquals(1000, limits.staggeredLingerMillis(1000, 64, 0.01), "never below block.linger.ms");
        assertEquals(1000, limits.staggeredLingerMillis(1000, 1, 0.5), "a linger that did not grow stays");
    }
}
