package io.chute.topology;

import static io.chute.topology.IngestTopologyTest.valid;
import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.config.SchemaEvolution;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.MockTime;
import io.chute.routing.Router;
import io.chute.validation.InMemorySchemaSource;
import io.chute.validation.RecordValidator;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/** A registry outage is never a data error: records wait (backoff, counted) and then land; none is dead-lettered. */
class RegistryOutageTopologyTest {

    @Test
    void shouldWaitWithBackoffThenEncodeWhenRegistryRecoversAfterOutage() throws Exception {
        InMemorySchemaSource registry = new InMemorySchemaSource()
                .put(TopologyFixture.EVENT_ID, TestSchemas.EVENT, TOPIC + "-value");
        registry.outageCalls = 5;
        ChuteMetrics metrics = ChuteMetrics.inMemory();
        MockTime time = new MockTime();
        RowPipeline rows = new RowPipeline(new RecordValidator(ValidatorConfig.defaults(), registry),
                new Router(List.of(), TOPIC), new TableEncoders(TableSchemas.fixed(Map.of(TOPIC,
                        TopologyFixture.eventsTable(TOPIC))), SchemaEvolution.DEAD_LETTER),
                metrics, time);

        RowPipeline.Outcome outcome = rows.evaluate(TOPIC, valid("e1", 7));

        assertFalse(outcome.rejected(), () -> "dead-lettered: " + outcome.deadLetter());
        assertEquals(List.of(TOPIC), outcome.tables());
        RowBinaryBuffer out = new RowBinaryBuffer(64);
        assertNull(rows.encode(TOPIC, outcome.valid(), new RowPipeline.SourcePosition(TOPIC, 0, 0, 0), out));
        assertTrue(out.size() > 0, "the row was encoded");
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L), time.sleeps(), "exponential backoff, one per failure");
        assertEquals(5.0, metrics.counter(ChuteMetric.REGISTRY_WAITS).count());
    }

    @Test
    void shouldCapTheWaitWhenTheOutageIsLong() throws Exception {
        InMemorySchemaSource registry = new InMemorySchemaSource()
                .put(TopologyFixture.EVENT_ID, TestSchemas.EVENT, TOPIC + "-value");
        registry.outageCalls = 9;
        MockTime time = new MockTime();
        RowPipeline rows = new RowPipeline(new RecordValidator(ValidatorConfig.defaults(), registry),
                new Router(List.of(), TOPIC), new TableEncoders(TableSchemas.fixed(Map.of(TOPIC,
                        TopologyFixture.eventsTable(TOPIC))), SchemaEvolution.DEAD_LETTER),
                ChuteMetrics.inMemory(), time);

        assertFalse(rows.evaluate(TOPIC, valid("e1", 7)).rejected());
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L), time.sleeps());
    }

    @Test
    void shouldLandTheRecordWithoutDeadLetterWhenRegistryRecoversAfterOutage() {
        try (TopologyFixture fixture = new TopologyFixture().start()) {
            fixture.schemas.outageCalls = 2; // the processor waits through the deps' Time: no real sleep
            fixture.input().pipeInput(valid("e1", 7));
            fixture.commit();

            assertEquals(List.of("e1"), fixture.idsIn(TOPIC));
            assertTrue(fixture.dlq().isEmpty(), "an outage is never a reason to dead-letter");
            assertEquals(2.0, fixture.metrics.counter(ChuteMetric.REGISTRY_WAITS).count());
            assertEquals(0.0, fixture.count(ChuteMetric.RECORDS_DEAD_LETTERED));
            assertEquals(List.of(100L, 200L), fixture.time.sleeps());
        }
    }
}
