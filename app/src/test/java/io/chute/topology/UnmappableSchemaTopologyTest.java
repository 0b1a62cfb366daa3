package io.chute.topology;

import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import io.chute.dlq.DeadLetterHeaders;

/** A table that cannot take the writer schema at all (issue 12, defects 6 and 7). */
class UnmappableSchemaTopologyTest {

    @Test
    void shouldNameTheColumnInTheHeaderAndRaiseTheGaugeWhenNoRecordOfTheSchemaCanLand() {
        try (TopologyFixture f = new TopologyFixture(Map.of(), Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC,
                "UUID"))).start()) {
            f.input().pipeInput("k".getBytes(StandardCharsets.UTF_8), IngestTopologyTest.valid("a", 1));
            f.input().pipeInput("k".getBytes(StandardCharsets.UTF_8), IngestTopologyTest.valid("b", 2));

            Headers headers = f.dlq().readRecord().headers();
            assertEquals("mapping_failed", IngestTopologyTest.header(headers, DeadLetterHeaders.REASON));
            assertEquals("amount", IngestTopologyTest.header(headers, DeadLetterHeaders.COLUMN));
            assertTrue(IngestTopologyTest.header(headers, DeadLetterHeaders.MESSAGE).contains("amount"));
            var gauge = f.metrics.registry().find("chute.schemas.unmappable").gauge();
            assertEquals(1.0, gauge == null ? 0.0 : gauge.value(), "one (table, schema id) cannot land");
        }
    }
}
