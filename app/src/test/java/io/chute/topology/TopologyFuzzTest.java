package io.chute.topology;

import static io.chute.topology.IngestTopologyTest.header;
import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.chute.dlq.DeadLetterHeaders;
import io.chute.dlq.Reason;
import io.chute.metrics.ChuteMetric;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/**
 * 10,000 random and mutated payloads through the whole topology: nothing escapes as an exception, every record is
 * either exactly one row or exactly one dead letter with a reason, and the counters add up. The seed is printed on
 * failure and can be fixed with {@code -Dchute.fuzz.seed=...}.
 */
class TopologyFuzzTest {
    private static final int RECORDS = 10_000;
    private static final int MAX_VALUE_BYTES = 2048;
    /** Every reason a record can get before the insert (ClickHouse is not involved here). */
    private static final Set<String> REASONS = Arrays.stream(Reason.values())
            .filter(reason -> reason.stage() != Reason.Stage.INSERT).map(Reason::code)
            .collect(Collectors.toCollection(HashSet::new));

    /** How a payload was made; all but VALID and BIT_FLIPPED are invalid by construction. */
    private enum Kind { VALID, RANDOM_BYTES, WRONG_MAGIC, UNKNOWN_ID, TRUNCATED, BIT_FLIPPED, OVERSIZED, NULL_VALUE }

    private record Input(Kind kind, byte[] value) {
        boolean invalidByConstruction() {
            return kind != Kind.VALID && kind != Kind.BIT_FLIPPED;
        }
    }

    @Test
    void shouldAccountForEveryRecordWhenPayloadsAreRandomOrMutated() {
        long seed = Long.getLong("chute.fuzz.seed", 20_260_611L);
        Random random = new Random(seed);
        List<Input> inputs = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            inputs.add(generate(random, i));
        }
        TopologyFixture fixture = new TopologyFixture(Map.of("block.max.rows", "500"),
                Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC)),
                ValidatorConfig.defaults().withMaxValueBytes(MAX_VALUE_BYTES));
        try (fixture) {
            fixture.start();
            for (int offset = 0; offset < RECORDS; offset++) {
                pipeOrFail(fixture, inputs.get(offset), offset, seed);
            }
            fixture.commit();
            check(fixture, inputs, "seed " + seed);
        }
    }

    private static void pipeOrFail(TopologyFixture fixture, Input input, int offset, long seed) {
        try {
            fixture.input().pipeInput(new TestRecord<>(Integer.toString(offset).getBytes(), input.value()));
        } catch (RuntimeException e) {
            fail("seed " + seed + ": " + input.kind() + " payload at offset " + offset + " threw", e);
        }
    }

    private static void check(TopologyFixture fixture, List<Input> inputs, String seed) {
        Map<Long, TestRecord<byte[], byte[]>> letters = new HashMap<>();
        for (TestRecord<byte[], byte[]> letter : fixture.dlq().readRecordsToList()) {
            String reason = header(letter.headers(), DeadLetterHeaders.REASON);
            assertTrue(REASONS.contains(reason), seed + ": unknown reason " + reason);
            long offset = Long.parseLong(header(letter.headers(), DeadLetterHeaders.OFFSET));
            assertNotNull(header(letter.headers(), DeadLetterHeaders.MESSAGE), seed + ": message of " + offset);
            assertEquals(null, letters.put(offset, letter), seed + ": two dead letters for offset " + offset);
            assertArrayEquals(inputs.get((int) offset).value(), letter.value(), seed + ": value of " + offset);
        }
        List<Long> landed = fixture.clickHouse.landedOffsets;
        Set<Long> rows = new TreeSet<>(landed);
        assertEquals(landed.size(), rows.size(), seed + ": an offset landed twice");
        for (int offset = 0; offset < inputs.size(); offset++) {
            Input input = inputs.get(offset);
            boolean dead = letters.containsKey((long) offset);
            assertTrue(dead != rows.contains((long) offset), seed + ": offset " + offset + " (" + input.kind()
                    + ") must be exactly one of row or dead letter");
            if (input.invalidByConstruction()) {
                assertTrue(dead, seed + ": " + input.kind() + " at " + offset + " was not dead-lettered");
            }
            if (input.kind() == Kind.VALID) {
                assertTrue(rows.contains((long) offset), seed + ": valid record at " + offset + " did not land");
            }
        }
        double in = fixture.count(ChuteMetric.RECORDS_IN);
        double valid = fixture.count(ChuteMetric.RECORDS_VALID);
        double dead = fixture.count(ChuteMetric.RECORDS_DEAD_LETTERED);
        int blockRows = fixture.blocks.stream().mapToInt(b -> b.rowCount()).sum();
        assertEquals(inputs.size(), in, seed);
        assertEquals(in, valid + dead, seed + ": records in = valid + dead-lettered");
        assertEquals(valid, blockRows, seed + ": rows in ClickHouse = valid");
        assertEquals(dead, letters.size(), seed + ": dead letters on the topic = counter");
        assertTrue(valid > 1000 && dead > 5000, seed + ": a fuzz run should mix both, valid " + valid);
    }

    private static Input generate(Random random, int i) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        byte[] valid = validPayload(random, i);
        return switch (kind) {
            case VALID -> new Input(kind, valid);
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && bytes[0] == 0) {
                    bytes[0] = 1; // magic 0 + a registered id + valid Avro by chance is not "random"
                }
                yield new Input(kind, bytes);
            }
            case WRONG_MAGIC -> {
                valid[0] = (byte) (1 + random.nextInt(255));
                yield new Input(kind, valid);
            }
            case UNKNOWN_ID -> {
                int id = 2 + random.nextInt(Integer.MAX_VALUE - 2);
                valid[1] = (byte) (id >>> 24);
                valid[2] = (byte) (id >>> 16);
                valid[3] = (byte) (id >>> 8);
                valid[4] = (byte) id;
                yield new Input(kind, valid);
            }
            case TRUNCATED -> new Input(kind, Arrays.copyOf(valid, random.nextInt(valid.length)));
            case BIT_FLIPPED -> {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    valid[random.nextInt(valid.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield new Input(kind, valid);
            }
            case OVERSIZED -> {
                byte[] bytes = Arrays.copyOf(valid, MAX_VALUE_BYTES + 1 + random.nextInt(4 * MAX_VALUE_BYTES));
                yield new Input(kind, bytes);
            }
            case NULL_VALUE -> new Input(kind, null);
        };
    }

    private static byte[] validPayload(Random random, int i) {
        StringBuilder name = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            name.appendCodePoint(random.nextBoolean() ? 'a' + random.nextInt(26) : 0x400 + random.nextInt(0x200));
        }
        String optionalName = random.nextInt(4) == 0 ? null : name.toString();
        long ts = 1_600_000_000_000L + (random.nextLong() & 0xff_ffff_ffffL);
        return TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event("id-" + i, ts, optionalName,
                random.nextInt()));
    }
}
