package io.chute.topology;

import static io.chute.topology.TopologyFixture.eventsTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.metrics.ChuteMetric;
import io.chute.validation.TestSchemas;

/**
 * A record routed to more tables than the instance holds (router and table set disagree; production builds the
 * table set from the routes, so this is a wiring error): the processor throws naming the record, and no row of it
 * is appended, rather than dropping the rows past the known tables.
 */
class RowSlotsTopologyTest {

    @Test
    void shouldThrowNamingRecordAndCountsWhenRoutedToMoreTablesThanKnown() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("table", "");
        config.put("route.all.table", "events");
        config.put("route.copy.table", "copy");
        try (TopologyFixture fixture = new TopologyFixture(config, Map.of("events", eventsTable("events"))).start()) {
            byte[] value = TestSchemas.framed(TopologyFixture.EVENT_ID,
                    TestSchemas.event("e0", 1_700_000_000_000L, "n", 1));

            RuntimeException e = assertThrows(RuntimeException.class, () -> fixture.input().pipeInput(value));

            String message = messages(e);
            assertTrue(message.contains("record events-0@0 is routed to 2 tables, but the instance holds 1 target "
                    + "tables"), message);
            assertEquals(0.0, fixture.count(ChuteMetric.RECORDS_VALID));
            assertEquals(List.of(), fixture.clickHouse.attemptedTokens);
        }
    }

    private static String messages(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.append(c.getMessage()).append(" | ");
        }
        return out.toString();
    }
}
