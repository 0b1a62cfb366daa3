package io.chute.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import io.chute.serde.WireFormat;

/**
 * Deterministic synthetic events of {@code schemas/event-v1.avsc} (8 fields: uuid, timestamp-millis, user id, one of
 * 20 event types, a ~100-character payload, amount, a 2-letter country, session length), encoded in the Confluent wire
 * format. Reuses one writer, encoder and record, so it is cheap but not thread-safe: one instance per producing
 * thread.
 */
public final class BenchEvents {
    /** The schema text, as registered in the registry and read by ClickHouse's AvroConfluent format. */
    public static final String SCHEMA_RESOURCE = "/io/chute/bench/event-v1.avsc";

    static final String[] EVENT_TYPES = {"page_view", "click", "purchase", "add_to_cart", "remove_from_cart",
        "search", "signup", "login", "logout", "share", "like", "comment", "subscribe", "unsubscribe", "download",
        "upload", "video_play", "video_pause", "checkout", "refund"};
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "BR", "IN", "CA", "AU", "NL", "SE",
        "ES", "IT", "PL", "MX", "KR", "CH", "NO", "FI", "IE"};
    private static final char[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;-_=".toCharArray();
    private static final int PAYLOAD_LENGTH = 100;

    private final Schema schema;
    private final int schemaId;
    private final SplittableRandom random;
    private final GenericDatumWriter<GenericRecord> writer;
    private final GenericData.Record record;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final char[] payload = new char[PAYLOAD_LENGTH];
    private BinaryEncoder encoder;

    public BenchEvents(Schema schema, int schemaId, long seed) {
        this.schema = schema;
        this.schemaId = schemaId;
        this.random = new SplittableRandom(seed);
        this.writer = new GenericDatumWriter<>(schema);
        this.record = new GenericData.Record(schema);
    }

    /** The bundled event-v1 schema. */
    public static Schema schema() {
        return new Schema.Parser().parse(schemaText());
    }

    public static String schemaText() {
        try (InputStream in = BenchEvents.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event with timestamp {@code tsMillis}, framed: magic byte, schema id, Avro body. */
    public byte[] next(long tsMillis) {
        record.put(0, new UUID(random.nextLong(), random.nextLong()).toString());
        record.put(1, tsMillis);
        record.put(2, random.nextLong(1, 10_000_000));
        record.put(3, EVENT_TYPES[random.nextInt(EVENT_TYPES.length)]);
        for (int i = 0; i < PAYLOAD_LENGTH; i++) {
            payload[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        record.put(4, new String(payload));
        record.put(5, Math.round(random.nextDouble(0, 1000) * 100) / 100.0);
        record.put(6, COUNTRIES[random.nextInt(COUNTRIES.length)]);
        record.put(7, random.nextInt(0, 3_600_000));
        out.reset();
        WireFormat.writeHeader(schemaId, out);
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public Schema avroSchema() {
        return schema;
    }
}
