package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.chute.state.LedgerEntry;
import io.chute.state.LedgerState;

class ReplayPlanTest {
    private static final LedgerEntry LANDED_999 = new LedgerEntry(LedgerState.LANDED, 900, 999, 100, "t", 0);
    private static final LedgerEntry INTENT_1000 = new LedgerEntry(LedgerState.INTENT, 1000, 1099, 100, "t", 0);

    @Test
    void shouldCountRereadAndSkippedRecordsWhenRewindingBelowTheMark() {
        ReplayPlan.Step s = new ReplayPlan.Step(new TopicPartition("e", 0), 1200L, 500, 1500,
                Map.of("events", LANDED_999));
        assertEquals(700, s.reread());
        assertEquals(300, s.fresh());
        assertEquals(500, s.skipped("events"));
        String text = new ReplayPlan("app", OffsetTarget.offset("0:500"), List.of(s), null).explain();
        assertTrue(text.contains("e-0: committed 1200 -> 500: 700 records re-read, 300 not yet consumed (end 1500)"),
                text);
        assertTrue(text.contains("table events: landed through offset 999: 500 records skipped as already landed"),
                text);
        assertTrue(text.contains("no duplicates land"), text);
    }

    @Test
    void shouldTreatRowsBelowTheIntentAsLandedWhenTheLastBlockWasInterrupted() {
        ReplayPlan.Step s = new ReplayPlan.Step(new TopicPartition("e", 0), null, 0, 1100, Map.of("events",
                INTENT_1000));
        assertEquals(999, s.landedThrough("events"));
        assertEquals(0, s.reread());
        assertEquals(1100, s.fresh());
    }

    @Test
    void shouldSayRowsLandAgainWhenReingesting() {
        ReplayPlan.Step s = new ReplayPlan.Step(new TopicPartition("e", 0), 1000L, 0, 1000,
                Map.of("events", LANDED_999, "other", LANDED_999));
        String text = new ReplayPlan("app", OffsetTarget.earliest(), List.of(s), "events").explain();
        assertTrue(text.contains("table events: ledger mark 999 rewound to -1: 1,000 records land again"), text);
        assertTrue(text.contains("table other: landed through offset 999: 1,000 records skipped"), text);
    }

    @Test
    void shouldTreatAnIntentAsLandedWhenTheCommittedOffsetIsPastIt() {
        ReplayPlan.Step committedPast = new ReplayPlan.Step(new TopicPartition("e", 0), 1100L, 0, 1200,
                Map.of("events", INTENT_1000));
        assertTrue(committedPast.landedByCommit(INTENT_1000));
        assertEquals(1099, committedPast.landedThrough("events"));
        assertEquals(1100, committedPast.skipped("events"));

        ReplayPlan.Step committedInside = new ReplayPlan.Step(new TopicPartition("e", 0), 1099L, 0, 1200,
                Map.of("events", INTENT_1000));
        assertFalse(committedInside.landedByCommit(INTENT_1000));
        assertEquals(999, committedInside.landedThrough("events"));
    }

    @Test
    void shouldRefuseWhenTheTargetWouldPassAnInterruptedBlock() {
        ReplayPlan.Step forward = new ReplayPlan.Step(new TopicPartition("e", 0), 1000L, 1100, 1200,
                Map.of("events", INTENT_1000));
        OpsException e = assertThrows(OpsException.class, () -> Replayer.refuseInterrupted(List.of(forward), null));
        assertTrue(e.getMessage().contains("interrupted block of events"), e.getMessage());

        ReplayPlan.Step back = new ReplayPlan.Step(new TopicPartition("e", 0), 1000L, 0, 1200,
                Map.of("events", INTENT_1000));
        Replayer.refuseInterrupted(List.of(back), null); // recovery re-inserts it after the replay, as before
        assertThrows(OpsException.class, () -> Replayer.refuseInterrupted(List.of(back), "events"));

        ReplayPlan.Step landed = new ReplayPlan.Step(new TopicPartition("e", 0), 1100L, 1150, 1200,
                Map.of("events", INTENT_1000));
        Replayer.refuseInterrupted(List.of(landed), "events"); // below the committed offset: landed
    }
}
