package io.chute.topology;

import static io.chute.topology.IngestTopologyTest.valid;
import static io.chute.topology.TopologyFixture.APP_ID;
import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockId;
import io.chute.metrics.ChuteMetric;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;

/**
 * {@link Recovery} as a task start runs it ({@link TaskAssembly}): the ledger holds INTENT for a block the previous
 * owner may or may not have landed; the source partition is a {@link io.chute.dlq.FakeSourceFetcher}.
 */
class RecoveryTest {
    private static final LedgerKey KEY = new LedgerKey(TOPIC, TOPIC, 0);

    /** A fixture whose ledger holds a fresh INTENT for rows [first, last] of events-0 (rows recorded: rows). */
    private static TopologyFixture withIntent(long first, long last, int rows) {
        TopologyFixture fixture = new TopologyFixture();
        BlockId id = new BlockId(APP_ID, TOPIC, TOPIC, 0, first, last);
        fixture.ledger.entries.put(KEY, LedgerEntry.of(LedgerState.INTENT, id, rows, fixture.time.milliseconds()));
        return fixture;
    }

    private static void source(TopologyFixture fixture, long... offsets) {
        for (long offset : offsets) {
            fixture.source.put(TOPIC, 0, offset, 1_700_000_000_000L + offset, valid("e" + offset, (int) offset));
        }
    }

    @Test
    void shouldReinsertInterruptedBlockUnderLedgerTokenWhenLedgerHoldsIntent() {
        TopologyFixture fixture = withIntent(0, 2, 3);
        source(fixture, 0, 1, 2);
        try (fixture) {
            fixture.start();

            assertEquals(List.of("events-0[0, 2]"), fixture.source.fetches);
            List<Block> blocks = fixture.blocksOf(TOPIC);
            assertEquals(1, blocks.size());
            assertEquals("chute1:chute-test:events:events:0:0-2", blocks.get(0).token());
            assertEquals(List.of("e0", "e1", "e2"), fixture.idsIn(TOPIC));
            assertEquals(1.0, fixture.count(ChuteMetric.BLOCKS_RECOVERED));
            assertTrue(fixture.ledger.events.contains("intent:" + blocks.get(0).token()),
                    fixture.ledger.events.toString());
        }
    }

    @Test
    void shouldSkipRowsThroughIntentLastOffsetWhenStreamReadsThemAgain() {
        TopologyFixture fixture = withIntent(0, 2, 3);
        source(fixture, 0, 1, 2);
        try (fixture) {
            fixture.start();
            for (int i = 0; i < 4; i++) { // the stream re-reads from its last committed offset, 0
                fixture.input().pipeInput(valid("e" + i, i));
            }
            fixture.commit();

            assertEquals(List.of("e0", "e1", "e2", "e3"), fixture.idsIn(TOPIC), "the re-inserted rows once");
            assertEquals(3.0, fixture.metrics.counter(ChuteMetric.ROWS_SKIPPED_LANDED, "table", TOPIC).count());
        }
    }

    @Test
    void shouldReinsertUnderLedgerTokenWhenReformedBlockDiffersFromLedger() {
        TopologyFixture fixture = withIntent(0, 2, 3);
        source(fixture, 1, 2); // offset 0 lost to retention
        try (fixture) {
            fixture.start();

            List<Block> blocks = fixture.blocksOf(TOPIC);
            assertEquals(1, blocks.size());
            assertEquals("chute1:chute-test:events:events:0:0-2", blocks.get(0).token(), "the ledger's token");
            assertEquals(List.of("e1", "e2"), fixture.idsIn(TOPIC));
        }
    }

    @Test
    void shouldInsertNothingWhenNoSourceRowIsReadable() {
        TopologyFixture fixture = withIntent(0, 2, 3);
        try (fixture) {
            fixture.start();

            assertTrue(fixture.clickHouse.attemptedTokens.isEmpty());
            assertEquals(0.0, fixture.count(ChuteMetric.BLOCKS_RECOVERED));
        }
    }
}
