package io.chute.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReasonTest {

    @Test
    void shouldHaveDistinctStableCodesForEveryReason() {
        Set<String> codes = new HashSet<>();
        for (Reason reason : Reason.values()) {
            assertTrue(codes.add(reason.code()));
            assertEquals(reason.name().toLowerCase(Locale.ROOT), reason.code());
        }
    }

    @Test
    void shouldKeepTheWireCodesAndStagesOfDeadLettersAlreadyWritten() {
        Map<Reason, String> wire = new EnumMap<>(Reason.class);
        wire.put(Reason.NOT_WIRE_FORMAT, "validation not_wire_format");
        wire.put(Reason.UNKNOWN_SCHEMA_ID, "validation unknown_schema_id");
        wire.put(Reason.SUBJECT_NOT_ALLOWED, "validation subject_not_allowed");
        wire.put(Reason.DECODE_FAILED, "validation decode_failed");
        wire.put(Reason.INCOMPATIBLE_SCHEMA, "validation incompatible_schema");
        wire.put(Reason.RULE_VIOLATION, "validation rule_violation");
        wire.put(Reason.TOO_LARGE, "validation too_large");
        wire.put(Reason.NO_ROUTE, "routing no_route");
        wire.put(Reason.MAPPING_FAILED, "mapping mapping_failed");
        wire.put(Reason.SCHEMA_MISMATCH, "mapping schema_mismatch");
        wire.put(Reason.INSERT_REJECTED, "insert insert_rejected");
        assertEquals(Reason.values().length, wire.size(), "a new reason needs its wire code pinned here");
        wire.forEach((reason, expected) -> assertEquals(expected,
                reason.stage().name().toLowerCase(Locale.ROOT) + " " + reason.code()));
    }

    @Test
    void shouldFindAReasonByItsWireCodeOnlyWhenItIsOne() {
        for (Reason reason : Reason.values()) {
            assertEquals(Optional.of(reason), Reason.fromCode(reason.code()));
            assertEquals(reason.code(), reason.toString());
        }
        assertEquals(Optional.empty(), Reason.fromCode("MAPPING_FAILED"));
        assertEquals(Optional.empty(), Reason.fromCode("something_else"));
    }
}
