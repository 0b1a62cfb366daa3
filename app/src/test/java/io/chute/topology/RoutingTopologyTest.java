package io.chute.topology;

import static io.chute.topology.IngestTopologyTest.header;
import static io.chute.topology.TopologyFixture.eventsTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.chute.dlq.DeadLetterHeaders;
import io.chute.dlq.Reason;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetric;
import io.chute.validation.TestSchemas;

/** {@code route.<name>.*} through the topology: fan-out, field filters, default table, no_route, all-or-nothing. */
class RoutingTopologyTest {

    private static byte[] event(String id, String name, int amount) {
        return TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event(id, 1_700_000_000_000L, name, amount));
    }

    /** Route "all" sends everything to {@code events}; route "clicks" only name=click to {@code clicks}. */
    private static TopologyFixture fanOut(String defaultTable) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("table", defaultTable);
        config.put("route.all.table", "events");
        config.put("route.clicks.table", "clicks");
        config.put("route.clicks.match.field", "name");
        config.put("route.clicks.match.value", "click");
        return new TopologyFixture(config, Map.of("events", eventsTable("events"), "clicks", eventsTable("clicks")));
    }

    private static void pipe(TopologyFixture fixture, byte[]... values) {
        for (byte[] value : values) {
            fixture.input().pipeInput(value);
        }
        fixture.commit();
    }

    @Test
    void shouldLandRecordInTwoTablesWhenTwoRoutesMatch() {
        try (TopologyFixture fixture = fanOut("").start()) {
            pipe(fixture, event("c0", "click", 1), event("v1", "view", 2), event("c2", "click", 3));

            assertEquals(List.of("c0", "v1", "c2"), fixture.idsIn("events"));
            assertEquals(List.of("c0", "c2"), fixture.idsIn("clicks"));
            assertEquals(List.of("chute1:chute-test:clicks:events:0:0-2", "chute1:chute-test:events:events:0:0-2"),
                    fixture.clickHouse.landedTokens.stream().sorted().toList());
            assertEquals(3.0, fixture.count(ChuteMetric.RECORDS_VALID), "a fanned-out record is one valid record");
            assertTrue(fixture.dlq().isEmpty());
        }
    }

    @Test
    void shouldDeadLetterAsNoRouteWhenNothingMatchesAndNoDefaultTable() {
        Map<String, String> config = Map.of("table", "", "route.clicks.table", "clicks",
                "route.clicks.match.field", "name", "route.clicks.match.value", "click");
        try (TopologyFixture fixture = new TopologyFixture(config, Map.of("clicks", eventsTable("clicks"))).start()) {
            pipe(fixture, event("v0", "view", 1), event("c1", "click", 2), event("n2", null, 3));

            List<TestRecord<byte[], byte[]>> letters = fixture.dlq().readRecordsToList();
            assertEquals(List.of("0", "2"), letters.stream()
                    .map(r -> header(r.headers(), DeadLetterHeaders.OFFSET)).toList());
            letters.forEach(r -> assertEquals(Reason.NO_ROUTE.code(), header(r.headers(), DeadLetterHeaders.REASON)));
            assertEquals(List.of("c1"), fixture.idsIn("clicks"));
        }
    }

    @Test
    void shouldUseDefaultTableWhenNoRouteMatches() {
        Map<String, String> config = Map.of("table", "events", "route.clicks.table", "clicks",
                "route.clicks.match.field", "name", "route.clicks.match.value", "click");
        Map<String, TableSchema> tables = Map.of("events", eventsTable("events"), "clicks", eventsTable("clicks"));
        try (TopologyFixture fixture = new TopologyFixture(config, tables).start()) {
            pipe(fixture, event("v0", "view", 1), event("c1", "click", 2));

            assertEquals(List.of("v0"), fixture.idsIn("events"), "a matching route replaces the default table");
            assertEquals(List.of("c1"), fixture.idsIn("clicks"));
        }
    }

    @Test
    void shouldDeadLetterWholeRecordWhenOneTableCannotMapIt() {
        // "a" (events, Int32) is encoded before "b" (small, Int16): a partial row in events would show up.
        Map<String, String> config = Map.of("table", "", "route.a.table", "events", "route.b.table", "small");
        Map<String, TableSchema> tables = Map.of("events", eventsTable("events"),
                "small", eventsTable("small", "Int16"));
        try (TopologyFixture fixture = new TopologyFixture(config, tables).start()) {
            pipe(fixture, event("ok0", "x", 1), event("big1", "x", 100_000), event("ok2", "x", 2));

            assertEquals(List.of("ok0", "ok2"), fixture.idsIn("events"));
            assertEquals(List.of("ok0", "ok2"), fixture.idsIn("small"));
            Headers headers = fixture.dlq().readRecord().headers();
            assertEquals("mapping_failed", header(headers, DeadLetterHeaders.REASON));
            assertEquals("small", header(headers, DeadLetterHeaders.TABLE));
            assertEquals("1", header(headers, DeadLetterHeaders.OFFSET));
            assertTrue(fixture.dlq().isEmpty());
            assertEquals(2.0, fixture.count(ChuteMetric.RECORDS_VALID));
            assertEquals(1.0, fixture.count(ChuteMetric.RECORDS_DEAD_LETTERED));
        }
    }
}
