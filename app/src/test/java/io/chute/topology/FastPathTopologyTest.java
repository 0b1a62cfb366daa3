package io.chute.topology;

import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.dlq.DeadLetterHeaders;
import io.chute.metrics.ChuteMetric;
import io.chute.validation.FieldRule;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/** The ingest processor's fast path (FastRows): same rows and dead letters as the generic path, used when allowed. */
class FastPathTopologyTest {

    private static TopologyFixture fixture(ValidatorConfig validator) {
        return new TopologyFixture(Map.of(), Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC, "Int16")), validator);
    }

    /** A rule every test record passes: it only switches the fast path off. */
    private static ValidatorConfig genericOnly() {
        return ValidatorConfig.defaults().withRules(List.of(new FieldRule.StringLength("id", 0, 1000)));
    }

    private static List<byte[]> rows(TopologyFixture fixture) {
        List<byte[]> rows = new ArrayList<>();
        for (Block block : fixture.blocksOf(TOPIC)) {
            for (int i = 0; i < block.rowCount(); i++) {
                rows.add(block.rowBytes(i));
            }
        }
        return rows;
    }

    private static byte[] event(String id, long ts, String name, int amount) {
        return TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event(id, ts, name, amount));
    }

    @Test
    void shouldLandTheSameRowsAsTheGenericPathWhenASchemaIdWasSeenBefore() {
        List<byte[]> input = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            input.add(event("id-" + i + "-ü", 1_700_000_000_000L + i * 997L, i % 3 == 0 ? null : "n" + i,
                    i * 131 - 3000));
        }
        try (TopologyFixture fast = fixture(ValidatorConfig.defaults()).start();
             TopologyFixture generic = fixture(genericOnly()).start()) {
            for (byte[] value : input) {
                fast.input().pipeInput(value);
                generic.input().pipeInput(value);
            }
            fast.commit();
            generic.commit();

            assertEquals(49.0, fast.count(ChuteMetric.RECORDS_DIRECT), "all but the first (which teaches it)");
            assertEquals(0.0, generic.count(ChuteMetric.RECORDS_DIRECT));
            List<byte[]> expected = rows(generic);
            List<byte[]> actual = rows(fast);
            assertEquals(50, expected.size());
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
            }
            assertEquals(generic.clickHouse.landedTokens, fast.clickHouse.landedTokens);
        }
    }

    @Test
    void shouldDeadLetterLikeTheGenericPathWhenARecordFailsAfterThePlanWasLearned() {
        byte[] valid = event("a", 1_700_000_000_000L, "n", 1);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 1);
        try (TopologyFixture fixture = fixture(ValidatorConfig.defaults()).start()) {
            fixture.input().pipeInput(valid);
            fixture.input().pipeInput(event("b", 1_700_000_000_000L, "n", 100_000)); // does not fit Int16
            fixture.input().pipeInput(truncated);
            fixture.input().pipeInput(event("c", 1_700_000_000_000L, null, 2));
            fixture.commit();

            List<TestRecord<byte[], byte[]>> letters = fixture.dlq().readRecordsToList();
            assertEquals(List.of("mapping_failed", "decode_failed"), letters.stream()
                    .map(l -> IngestTopologyTest.header(l.headers(), DeadLetterHeaders.REASON)).toList());
            assertEquals("amount", IngestTopologyTest.header(letters.get(0).headers(), DeadLetterHeaders.COLUMN));
            assertEquals(List.of("a", "c"), fixture.idsIn(TOPIC));
            assertEquals(1.0, fixture.count(ChuteMetric.RECORDS_DIRECT), "only c: b and the truncated fell back");
            assertEquals(2.0, fixture.count(ChuteMetric.RECORDS_VALID));
        }
    }

    @Test
    void shouldStayOnTheGenericPathWhenFieldRulesAreConfigured() {
        try (TopologyFixture fixture = fixture(genericOnly()).start()) {
            for (int i = 0; i < 5; i++) {
                fixture.input().pipeInput(event("x" + i, 1_700_000_000_000L, "n", i));
            }
            fixture.commit();
            assertEquals(0.0, fixture.count(ChuteMetric.RECORDS_DIRECT));
            assertEquals(5, fixture.idsIn(TOPIC).size());
        }
    }
}
