package io.chute.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

import io.chute.serde.WireFormat;

class EventGeneratorTest {
    private static final long NOW = 1_760_000_000_000L;
    private final EventGenerator v1 = new EventGenerator(EventSchema.V1, 7, NOW);
    private final EventGenerator v2 = new EventGenerator(EventSchema.V2, 8, NOW);

    @Test
    void shouldProduceTheSameBytesWhenTheSeedIsRepeated() {
        assertArrayEquals(v1.valid(99), v1.valid(99));
        assertArrayEquals(v2.invalid(InvalidKind.TRUNCATED_AVRO, 5), v2.invalid(InvalidKind.TRUNCATED_AVRO, 5));
        assertNotEquals(EventGenerator.eventId(1), EventGenerator.eventId(2));
    }

    @Test
    void shouldDecodeRealisticEventsWhenFramedWithTheGivenSchemaId() throws Exception {
        Set<String> types = new HashSet<>();
        for (long seed = 0; seed < 2000; seed++) {
            GenericRecord event = decode(v2.valid(seed), 8, v2);
            assertEquals(EventGenerator.eventId(seed), event.get("event_id").toString());
            assertEquals(4, UUID.fromString(event.get("event_id").toString()).version());
            long ts = (Long) event.get("ts");
            assertTrue(ts <= NOW && ts > NOW - 60_000, "ts " + ts);
            assertEquals(2, event.get("country").toString().length());
            int payload = event.get("payload").toString().length();
            assertTrue(payload > 80 && payload < 130, "payload length " + payload);
            assertTrue(event.get("referrer") != null, "v2 events always carry a referrer");
            types.add(event.get("event_type").toString());
        }
        assertEquals(20, types.size());
        assertNull(decode(v1.valid(3), 7, v1).getSchema().getField("referrer"));
    }

    @Test
    void shouldBreakEachKindAsItsReasonSaysWhenAskedForInvalidRecords() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            assertNotEquals(WireFormat.MAGIC, v1.invalid(InvalidKind.RANDOM_BYTES, seed)[0]);
            assertEquals(1, v1.invalid(InvalidKind.WRONG_MAGIC, seed)[0]);
            assertEquals(EventGenerator.UNKNOWN_SCHEMA_ID,
                    WireFormat.parse(v1.invalid(InvalidKind.UNKNOWN_SCHEMA_ID, seed)).schemaId());
            byte[] truncated = v2.invalid(InvalidKind.TRUNCATED_AVRO, seed);
            assertThrows(EOFException.class, () -> decode(truncated, 8, v2));
            assertEquals(3, decode(v1.invalid(InvalidKind.COUNTRY_TOO_LONG, seed), 7, v1).get("country")
                    .toString().length());
        }
    }

    private static GenericRecord decode(byte[] framed, int expectedId, EventGenerator generator) throws Exception {
        WireFormat.Frame frame = WireFormat.parse(framed);
        assertEquals(expectedId, frame.schemaId());
        var decoder = DecoderFactory.get().binaryDecoder(frame.array(), frame.payloadOffset(), frame.payloadLength(),
                null);
        GenericRecord record = new GenericDatumReader<GenericRecord>(generator.version().schema()).read(null, decoder);
        assertTrue(decoder.isEnd(), "trailing bytes");
        return record;
    }
}
