package io.chute.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DemoPlanTest {

    @Test
    void shouldMixAboutOnePercentOfEveryInvalidKindWhenPlanningTheDefaultRun() {
        DemoPlan plan = new DemoPlan(42, 200_000, 0.01);
        Set<InvalidKind> kinds = EnumSet.noneOf(InvalidKind.class);
        int v1 = 0;
        for (int i = 0; i < plan.events(); i++) {
            DemoPlan.Item item = plan.item(i);
            assertEquals(i % 2 == 0 ? EventSchema.V1 : EventSchema.V2, item.version());
            if (!item.valid()) {
                kinds.add(item.invalid());
            } else if (item.version() == EventSchema.V1) {
                v1++;
            }
        }
        DemoPlan.Expected expected = plan.expected();
        assertEquals(EnumSet.allOf(InvalidKind.class), kinds);
        assertEquals(v1, expected.rowsV1());
        assertEquals(200_000, expected.rows() + expected.deadLetters());
        assertTrue(expected.deadLetters() > 1_700 && expected.deadLetters() < 2_300, "" + expected.deadLetters());
        assertEquals(expected, new DemoPlan(42, 200_000, 0.01).expected());
    }

    @Test
    void shouldFailTheRunWhenARowIsMissingDuplicatedOrADeadLetterHasAnotherReason() {
        DemoPlan.Expected expected = new DemoPlan.Expected(3, 2, Map.of("not_wire_format", 1L));
        assertTrue(result(expected, 5, 5, Map.of("not_wire_format", 1L)).ok());
        assertEquals(0, result(expected, 5, 5, Map.of("not_wire_format", 1L)).exitCode());
        assertFalse(result(expected, 4, 4, Map.of("not_wire_format", 1L)).ok(), "missing row");
        assertFalse(result(expected, 6, 5, Map.of("not_wire_format", 1L)).ok(), "duplicate row");
        assertEquals(1, result(expected, 5, 5, Map.of("decode_failed", 1L)).exitCode(), "wrong reason");
    }

    private static DemoResult result(DemoPlan.Expected expected, long rows, long distinct, Map<String, Long> dead) {
        return new DemoResult(expected, true, rows, distinct, 3, rows - 3, List.of(), dead, Map.of(), Duration.ZERO);
    }
}
