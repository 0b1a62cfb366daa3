package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
