package io.chute.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import io.chute.dlq.Reason;
import io.chute.mapping.MappingException;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.RowEncoder;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.TableSchema;
import io.chute.serde.WireFormat;

/**
 * 10,000 random and mutated payloads through validation and row encoding: nothing may escape, every input ends as a
 * valid row or a typed rejection, and a rejected row leaves the insert buffer untouched.
 */
class RandomPayloadPropertyTest {
    private static final Schema FUZZ = new Schema.Parser().parse("""
            {"type":"record","name":"Fuzz","namespace":"io.test","fields":[
              {"name":"id","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"small","type":"int"},
              {"name":"name","type":["null","string"],"default":null},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"attrs","type":{"type":"map","values":"long"}},
              {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}}]}""");
    private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final int MAX_BYTES = 512;

    private final Random random = new Random(20260101L);

    @Test
    void shouldEndEveryPayloadAsValidRowOrTypedRejectionWhenFedRandomAndMutatedBytes() throws Exception {
        InMemorySchemaSource source = new InMemorySchemaSource().put(1, FUZZ, "fuzz-value")
                .put(2, FUZZ, "elsewhere-value");
        ValidatorConfig config = ValidatorConfig.defaults().withMaxValueBytes(MAX_BYTES)
                .withClock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))
                .withRules(List.of(new FieldRule.StringLength("id", 1, 40),
                        new FieldRule.TimestampWindow("ts", Duration.ofDays(30), Duration.ofHours(1))));
        RecordValidator validator = new RecordValidator(config, source);
        RowEncoder encoder = RowEncoderFactory.compile(FUZZ, new TableSchema("fuzz", List.of(
                TableSchema.Column.describe("id", "String", ""),
                TableSchema.Column.describe("ts", "DateTime64(3)", ""),
                TableSchema.Column.describe("small", "Int8", ""),
                TableSchema.Column.describe("name", "Nullable(String)", ""),
                TableSchema.Column.describe("tags", "Array(LowCardinality(String))", ""),
                TableSchema.Column.describe("attrs", "Map(String, UInt32)", ""),
                TableSchema.Column.describe("price", "Decimal(9, 2)", ""),
                TableSchema.Column.describe("kind", "Enum8('A' = 1, 'B' = 2)", ""))),
                RowEncoderFactory.UnmappedFieldPolicy.FAIL);
        RowBinaryBuffer out = new RowBinaryBuffer();
        Map<String, Integer> outcomes = new HashMap<>();
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);

        for (int i = 0; i < 10_000; i++) {
            byte[] payload = payload(i % 8);
            ValidationResult result = validator.validate("fuzz", payload);
            assertNotNull(result);
            if (result instanceof ValidationResult.Valid valid) {
                int before = out.size();
                try {
                    encoder.encode(valid.record(), out);
                    outcomes.merge("row", 1, Integer::sum);
                    assertTrue(out.size() > before);
                } catch (MappingException e) {
                    assertEquals(before, out.size(), "rolled back");
                    assertNotNull(e.getMessage());
                    reasons.merge(Reason.MAPPING_FAILED, 1, Integer::sum); // what the stream dead-letters
                }
            }
            if (result instanceof Rejection r) {
                assertNotNull(r.reason());
                assertNotNull(r.message());
                reasons.merge(r.reason(), 1, Integer::sum);
            }
        }

        assertTrue(outcomes.getOrDefault("row", 0) > 500, outcomes + " " + reasons);
        for (Reason expected : List.of(Reason.NOT_WIRE_FORMAT, Reason.TOO_LARGE,
                Reason.UNKNOWN_SCHEMA_ID, Reason.SUBJECT_NOT_ALLOWED, Reason.DECODE_FAILED,
                Reason.RULE_VIOLATION, Reason.MAPPING_FAILED)) {
            assertTrue(reasons.getOrDefault(expected, 0) > 0, "no " + expected + " in " + reasons);
        }
    }

    private byte[] payload(int kind) {
        byte[] valid = WireFormat.encode(1, FUZZ, record());
        switch (kind) {
            case 0: // random bytes, sometimes with a plausible header
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                if (noise.length > 5 && random.nextBoolean()) {
                    noise[0] = 0;
                    noise[1] = noise[2] = noise[3] = 0;
                    noise[4] = 1;
                }
                return noise;
            case 1: // wrong magic
                valid[0] = (byte) (1 + random.nextInt(255));
                return valid;
            case 2: // unknown or foreign id
                valid[4] = (byte) (random.nextBoolean() ? 2 : 3 + random.nextInt(100));
                return valid;
            case 3: // truncated
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            case 4: // bit flips in the payload
                for (int f = 1 + random.nextInt(3); f > 0; f--) {
                    int at = 5 + random.nextInt(valid.length - 5);
                    valid[at] ^= (byte) (1 << random.nextInt(8));
                }
                return valid;
            case 5: // oversized
                return Arrays.copyOf(valid, MAX_BYTES + 1 + random.nextInt(100));
            case 6: // random garbage after a valid header
                byte[] tail = new byte[5 + random.nextInt(40)];
                random.nextBytes(tail);
                System.arraycopy(valid, 0, tail, 0, 5);
                return tail;
            default:
                return valid;
        }
    }

    private GenericRecord record() {
        GenericRecord r = new GenericData.Record(FUZZ);
        r.put("id", new Utf8("id-" + random.nextInt(1000)));
        r.put("ts", (NOW + random.nextInt(2_000_000) - 1_000_000) * 1000L);
        r.put("small", random.nextInt(300) - 150);
        r.put("name", random.nextBoolean() ? null : new Utf8("n"));
        List<Utf8> tags = new ArrayList<>();
        for (int t = random.nextInt(4); t > 0; t--) {
            tags.add(new Utf8("t" + t));
        }
        r.put("tags", tags);
        r.put("attrs", Map.of(new Utf8("k"), (long) random.nextInt(10) - 1));
        r.put("price", java.nio.ByteBuffer.wrap(java.math.BigInteger.valueOf(random.nextInt(1_000_000)).toByteArray()));
        r.put("kind", new GenericData.EnumSymbol(FUZZ.getField("kind").schema(), "ABC".charAt(random.nextInt(3)) + ""));
        return r;
    }
}
