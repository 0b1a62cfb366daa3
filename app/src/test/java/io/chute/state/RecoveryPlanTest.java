package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.TestBlocks;

class RecoveryPlanTest {

    private static final LedgerKey KEY = new LedgerKey("t", "topic", 0);

    private static RecoveryPlan plan(LedgerState state, Block block) {
        return new RecoveryPlan(KEY, LedgerEntry.of(state, block.id(), block.rowCount(), 0));
    }

    @Test
    void shouldSkipThroughLastOffsetWhenLanded() {
        RecoveryPlan plan = plan(LedgerState.LANDED, TestBlocks.range("t", "topic", 0, 10, 5));
        assertEquals(14, plan.landedThrough());
        assertTrue(plan.isLanded(14));
        assertFalse(plan.isLanded(15));
        assertFalse(plan.mustReinsert());
        assertFalse(plan.inReinsertRange(12));
    }

    @Test
    void shouldReinsertExactRangeWhenIntent() {
        RecoveryPlan plan = plan(LedgerState.INTENT, TestBlocks.range("t", "topic", 0, 10, 5));
        assertEquals(9, plan.landedThrough());
        assertTrue(plan.mustReinsert());
        assertTrue(plan.inReinsertRange(10));
        assertTrue(plan.inReinsertRange(14));
        assertFalse(plan.inReinsertRange(15));
        assertFalse(plan.isLanded(10));
    }

    @Test
    void shouldAcceptReformedBlockOnlyWhenIdentical() {
        RecoveryPlan plan = plan(LedgerState.INTENT, TestBlocks.block("t", "topic", 0, 10, 12, 14));
        plan.verifyReformed(TestBlocks.block("t", "topic", 0, 10, 12, 14));
        assertThrows(LedgerException.class, () -> plan.verifyReformed(TestBlocks.block("t", "topic", 0, 10, 14)));
        assertThrows(LedgerException.class, () -> plan.verifyReformed(TestBlocks.block("t", "topic", 0, 10, 12)));
    }
}
