package io.chute.topology;

import static io.chute.topology.TopologyFixture.APP_ID;
import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chute.block.BlockId;
import io.chute.dlq.DeadLetterHeaders;
import io.chute.metrics.ChuteMetric;
import io.chute.serde.WireFormat;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;
import io.chute.validation.FieldRule;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/** Validation, dead letters, blocks and landed marks through the real topology on a TopologyTestDriver. */
class IngestTopologyTest {
    private static final int MAX_VALUE_BYTES = 512;

    static byte[] valid(String id, int amount) {
        return TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event(id, 1_700_000_000_000L, "n", amount));
    }

    static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A fixture whose table and validator let every reject reason be produced by input alone. */
    private static TopologyFixture rejectingFixture() {
        ValidatorConfig validator = ValidatorConfig.defaults().withMaxValueBytes(MAX_VALUE_BYTES)
                .withRules(List.of(new FieldRule.StringLength("id", 1, 64)));
        TopologyFixture fixture = new TopologyFixture(Map.of(), Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC,
                "Int16")), validator);
        fixture.schemas.put(2, TestSchemas.EVENT, "other-value");
        fixture.schemas.put(3, Schema.create(Schema.Type.STRING), TOPIC + "-value");
        return fixture;
    }

    private static byte[] crafted(String reason) {
        return switch (reason) {
            case "too_large" -> new byte[MAX_VALUE_BYTES + 1];
            case "not_wire_format" -> "plain text".getBytes(StandardCharsets.UTF_8);
            case "unknown_schema_id" -> TestSchemas.framed(99, TestSchemas.event("u", 1L, null, 1));
            case "subject_not_allowed" -> TestSchemas.framed(2, TestSchemas.event("s", 1L, null, 1));
            case "incompatible_schema" -> WireFormat.encode(3, Schema.create(Schema.Type.STRING), "just a string");
            case "decode_failed" -> Arrays.copyOf(valid("d", 1), valid("d", 1).length - 1);
            case "rule_violation" -> valid("i".repeat(65), 1);
            case "mapping_failed" -> valid("m", 100_000); // does not fit the Int16 column
            default -> throw new IllegalArgumentException(reason);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"too_large", "not_wire_format", "unknown_schema_id", "subject_not_allowed",
        "incompatible_schema", "decode_failed", "rule_violation", "mapping_failed"})
    void shouldDeadLetterOriginalRecordWithReasonHeadersWhenInputIsCrafted(String reason) {
        try (TopologyFixture fixture = rejectingFixture().start()) {
            byte[] key = ("key-" + reason).getBytes(StandardCharsets.UTF_8);
            byte[] bad = crafted(reason);
            Headers headers = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
            fixture.input().pipeInput(valid("v0", 1));
            fixture.input().pipeInput(new TestRecord<>(key, bad, headers, 42L));
            fixture.input().pipeInput(valid("v2", 2));
            fixture.commit();

            List<TestRecord<byte[], byte[]>> letters = fixture.dlq().readRecordsToList();
            assertEquals(1, letters.size());
            TestRecord<byte[], byte[]> letter = letters.get(0);
            assertArrayEquals(key, letter.key());
            assertArrayEquals(bad, letter.value());
            assertEquals("t-1", header(letter.headers(), "trace"));
            assertEquals(reason, header(letter.headers(), DeadLetterHeaders.REASON));
            assertEquals(TOPIC, header(letter.headers(), DeadLetterHeaders.TOPIC));
            assertEquals("0", header(letter.headers(), DeadLetterHeaders.PARTITION));
            assertEquals("1", header(letter.headers(), DeadLetterHeaders.OFFSET));
            assertEquals("42", header(letter.headers(), DeadLetterHeaders.TIMESTAMP));
            assertEquals(APP_ID, header(letter.headers(), DeadLetterHeaders.APPLICATION_ID));
            assertFalse(header(letter.headers(), DeadLetterHeaders.MESSAGE).isBlank());
            assertEquals(1.0, fixture.metrics.counter(ChuteMetric.RECORDS_DEAD_LETTERED, "reason", reason).count());
            assertEquals(List.of("v0", "v2"), fixture.idsIn(TOPIC), "only the valid records became rows");
            assertEquals(List.of("chute1:chute-test:events:events:0:0-2"), fixture.clickHouse.landedTokens);
        }
    }

    @Test
    void shouldNameTableAndColumnWhenMappingFails() {
        try (TopologyFixture fixture = rejectingFixture().start()) {
            fixture.input().pipeInput(crafted("mapping_failed"));

            Headers headers = fixture.dlq().readRecord().headers();
            assertEquals(TOPIC, header(headers, DeadLetterHeaders.TABLE));
            assertEquals("amount", header(headers, DeadLetterHeaders.COLUMN));
            assertEquals("1", header(headers, DeadLetterHeaders.SCHEMA_ID));
        }
    }

    @Test
    void shouldLandValidRecordsAsRowsOfTokenedBlocksWhenCommitting() {
        TopologyFixture fixture = new TopologyFixture(Map.of("block.max.rows", "2"),
                Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC))).start();
        try {
            for (int i = 0; i < 5; i++) {
                fixture.input().pipeInput(("k" + i).getBytes(StandardCharsets.UTF_8), valid("e" + i, i));
            }
            assertEquals(List.of("chute1:chute-test:events:events:0:0-1", "chute1:chute-test:events:events:0:2-3"),
                    fixture.clickHouse.landedTokens, "full blocks land before the commit");

            fixture.commit();

            assertEquals("chute1:chute-test:events:events:0:4-4", fixture.clickHouse.landedTokens.get(2));
            assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), fixture.idsIn(TOPIC));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), fixture.clickHouse.landedOffsets);
            // a block's LANDED goes with the next block's INTENT; the last one waits for a next block
            assertEquals(List.of("intent:chute1:chute-test:events:events:0:0-1",
                    "landed:chute1:chute-test:events:events:0:0-1", "intent:chute1:chute-test:events:events:0:2-3",
                    "landed:chute1:chute-test:events:events:0:2-3", "intent:chute1:chute-test:events:events:0:4-4"),
                    fixture.ledger.events);
            assertEquals(3.0, fixture.count(ChuteMetric.LEDGER_TRANSACTIONS), "one per block");
            assertEquals(5.0, fixture.count(ChuteMetric.RECORDS_VALID));
            assertEquals(5.0, fixture.count(ChuteMetric.ROWS_INSERTED));
            assertTrue(fixture.dlq().isEmpty());
        } finally {
            fixture.close();
        }
        assertEquals("landed:chute1:chute-test:events:events:0:4-4",
                fixture.ledger.events.get(fixture.ledger.events.size() - 1), "written when the task closed");
    }

    @Test
    void shouldPunctuateLessOftenWhenItsStreamThreadCarriesManyTasks() {
        try (TopologyFixture fixture = new TopologyFixture(Map.of("block.linger.ms", "800"),
                Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC))).start()) {
            for (int i = 0; i < 70; i++) { // 71 tasks on this thread: two steps of 64, 400 ms instead of 200
                fixture.deps.barrier().register(new IdleParticipant());
            }
            fixture.driver().advanceWallClockTime(Duration.ofMillis(200)); // the first, at the pace it started with
            fixture.input().pipeInput(valid("a", 1));
            fixture.time.advance(1_000);
            fixture.driver().advanceWallClockTime(Duration.ofMillis(200));
            assertTrue(fixture.blocks.isEmpty(), "no punctuation 200 ms after the last one");
            fixture.driver().advanceWallClockTime(Duration.ofMillis(200));
            assertEquals(1, fixture.blocks.size(), "400 ms after it: the block whose linger passed");
        }
    }

    @Test
    void shouldLandLingeringBlockWhenWallClockPassesLinger() {
        try (TopologyFixture fixture = new TopologyFixture(Map.of("block.linger.ms", "500"),
                Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC))).start()) {
            fixture.input().pipeInput(valid("a", 1));
            fixture.input().pipeInput(valid("b", 2));
            fixture.driver().advanceWallClockTime(Duration.ofMillis(200));
            assertTrue(fixture.blocks.isEmpty(), "the block is younger than its linger");

            fixture.time.advance(600);
            fixture.driver().advanceWallClockTime(Duration.ofMillis(200));

            assertEquals(List.of("chute1:chute-test:events:events:0:0-1"), fixture.clickHouse.landedTokens);
        }
    }

    @Test
    void shouldSkipAndCountRowsWhenAtOrBelowLandedLedgerEntry() {
        TopologyFixture fixture = new TopologyFixture();
        BlockId landed = new BlockId(APP_ID, TOPIC, TOPIC, 0, 0, 2);
        fixture.ledger.entries.put(new LedgerKey(TOPIC, TOPIC, 0), LedgerEntry.of(LedgerState.LANDED, landed, 3, 0));
        try (fixture) {
            fixture.start();
            for (int i = 0; i < 5; i++) {
                fixture.input().pipeInput(valid("e" + i, i));
            }
            fixture.commit();

            assertEquals(List.of("chute1:chute-test:events:events:0:3-4"), fixture.clickHouse.landedTokens);
            assertEquals(List.of("e3", "e4"), fixture.idsIn(TOPIC));
            assertEquals(3.0, fixture.metrics.counter(ChuteMetric.ROWS_SKIPPED_LANDED, "table", TOPIC).count());
            assertEquals(5.0, fixture.count(ChuteMetric.RECORDS_VALID), "skipped rows are still valid records");
        }
    }

    @Test
    void shouldLandNothingWhenCommittingWithoutRows() {
        try (TopologyFixture fixture = new TopologyFixture().start()) {
            fixture.input().pipeInput("garbage".getBytes(StandardCharsets.UTF_8));
            fixture.commit();

            assertTrue(fixture.clickHouse.attemptedTokens.isEmpty());
            assertNotNull(fixture.dlq().readRecord());
            assertEquals(1.0, fixture.count(ChuteMetric.COMMITS));
        }
    }
}
