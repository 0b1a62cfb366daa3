package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.block.MemoryBudget;
import io.chute.mapping.TableSchema;
import io.chute.validation.TestSchemas;

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

    /**
     * Routes "all" and "copy" take every record, "clicks" one in ten: under memory pressure the largest open block
     * goes with its fan-out sibling (same rows, same footprint), so their ledger writes can share a transaction; the
     * clicks block, far under half the largest one's footprint, stays open.
     */
    @Test
    void shouldSubmitSiblingLanesOfTheSameTopicWhenMemoryPressureSubmitsTheLargestBlock() {
        Map<String, String> config = Map.of("table", "", "route.all.table", "events", "route.copy.table", "copy",
                "route.clicks.table", "clicks", "route.clicks.match.field", "name", "route.clicks.match.value", "click");
        Map<String, TableSchema> tables = Map.of("events", TopologyFixture.eventsTable("events"),
                "copy", TopologyFixture.eventsTable("copy"), "clicks", TopologyFixture.eventsTable("clicks"));
        try (TopologyFixture fixture = new TopologyFixture(config, tables).start()) {
            MemoryBudget budget = fixture.deps.inserts().instanceLimits().budget();
            for (int i = 0; i < 400; i++) {
                fixture.input().pipeInput(TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event("id-" + i,
                        1_700_000_000_000L, i % 10 == 0 ? "click" : "view", i)));
            }
            long held = budget.used();

            EarlyBlocks early = fixture.deps.barrier().submitLargestOpenBlock(1);

            assertEquals(2, early.blocks(), "the largest block and its fan-out sibling");
            assertEquals(List.of(400, 400), List.of(fixture.idsIn("events").size(), fixture.idsIn("copy").size()));
            assertEquals(List.of(), fixture.blocksOf("clicks"), "a block under half the largest one's stays open");
            assertEquals(held, early.bytes() + budget.used(), "what went early, and what stays: the clicks block");
            fixture.commit();
            assertEquals(40, fixture.idsIn("clicks").size());
        }
    }
}
