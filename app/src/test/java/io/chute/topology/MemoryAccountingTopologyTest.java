package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.block.MemoryBudget;

/** Every byte a block holds counts against the budget from its first row until it landed, then is given back. */
class MemoryAccountingTopologyTest {

    @Test
    void shouldGiveEveryByteBackWhenBlocksLandedAtTheCommit() {
        try (TopologyFixture fixture = new TopologyFixture(Map.of("block.max.rows", "300"),
                Map.of(TopologyFixture.TOPIC, TopologyFixture.eventsTable(TopologyFixture.TOPIC))).start()) {
            MemoryBudget budget = fixture.deps.inserts().instanceLimits().budget();
            for (int i = 0; i < 1000; i++) {
                fixture.input().pipeInput(IngestTopologyTest.valid("id-" + i, i));
            }
            assertTrue(budget.used() > 100 * 12, "the open block of 100 rows is counted: " + budget.used());
            assertEquals(3, fixture.blocksOf(TopologyFixture.TOPIC).size(), "full blocks landed");
            fixture.commit();
            assertEquals(4, fixture.blocksOf(TopologyFixture.TOPIC).size());
            assertEquals(0, budget.used(), "nothing held once everything landed");
            assertTrue(budget.peak() > 300 * 12, "a full block's arrays were counted: " + budget.peak());
        }
    }
}
