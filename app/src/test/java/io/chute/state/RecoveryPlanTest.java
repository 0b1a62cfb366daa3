package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.TestBlocks;

/** What is landed and what is re-formed is tested on the production path: topology's RecoveryTest. */
class RecoveryPlanTest {

    private static final LedgerKey KEY = new LedgerKey("t", "topic", 0);

    private static RecoveryPlan plan(LedgerState state, Block block) {
        return new RecoveryPlan(KEY, LedgerEntry.of(state, block.id(), block.rowCount(), 0));
    }

    @Test
    void shouldNotReinsertWhenLanded() {
        RecoveryPlan plan = plan(LedgerState.LANDED, TestBlocks.range("t", "topic", 0, 10, 5));
        assertFalse(plan.mustReinsert());
        assertFalse(plan.inReinsertRange(12));
    }

    @Test
    void shouldReinsertExactRangeWhenIntent() {
        RecoveryPlan plan = plan(LedgerState.INTENT, TestBlocks.range("t", "topic", 0, 10, 5));
        assertTrue(plan.mustReinsert());
        assertTrue(plan.inReinsertRange(10));
        assertTrue(plan.inReinsertRange(14));
        assertFalse(plan.inReinsertRange(15));
    }

    @Test
    void shouldTreatIntentAsLandedWhenTheCommittedOffsetIsPastItsLastOffset() {
        Block block = TestBlocks.range("t", "topic", 0, 10, 5); // offsets 10..14
        LedgerEntry entry = LedgerEntry.of(LedgerState.INTENT, block.id(), block.rowCount(), 0);
        RecoveryPlan committedPast = new RecoveryPlan(KEY, entry, 15);
        assertTrue(committedPast.landedByCommit());
        assertFalse(committedPast.mustReinsert());
        assertFalse(committedPast.inReinsertRange(12));
    }

    @Test
    void shouldReinsertIntentWhenTheCommittedOffsetDoesNotPassItsLastOffset() {
        Block block = TestBlocks.range("t", "topic", 0, 10, 5);
        LedgerEntry entry = LedgerEntry.of(LedgerState.INTENT, block.id(), block.rowCount(), 0);
        for (long committed : new long[] {-1, 10, 14}) { // unknown, held at the block's first row, inside it
            RecoveryPlan plan = new RecoveryPlan(KEY, entry, committed);
            assertFalse(plan.landedByCommit(), "committed " + committed);
            assertTrue(plan.mustReinsert(), "committed " + committed);
        }
    }
}
