package io.chute.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import io.chute.serde.WireFormat;

/** Deterministic example events (schemas/event-v*.avsc) and invalid payloads for the ITs. */
final class Events {
    static final String[] TYPES = {"page_view", "click", "purchase", "signup", "login", "logout", "search",
        "add_to_cart", "remove_from_cart", "checkout", "share", "like", "comment", "follow", "unfollow",
        "download", "upload", "play", "pause", "error"};
    static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "BR", "IN", "CN", "CA", "AU"};

    final Schema v1;
    final Schema v2;

    Events(Path schemasDir) throws IOException {
        v1 = new Schema.Parser().parse(Files.readString(schemasDir.resolve("event-v1.avsc")));
        v2 = new Schema.Parser().parse(Files.readString(schemasDir.resolve("event-v2.avsc")));
    }

    static Path schemasDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("schemas"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("schemas/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("schemas");
    }

    /** One valid event; the uuid is derived from {@code n} so the expected rows are known. */
    GenericRecord event(long n, boolean version2) {
        Random random = new Random(n * 7919 + 17);
        GenericRecord r = new GenericData.Record(version2 ? v2 : v1);
        r.put("event_id", new UUID(0x0123456789abcdefL, n).toString());
        r.put("ts", 1_700_000_000_000L + n * 37);
        r.put("user_id", random.nextInt(1_000_000));
        r.put("event_type", TYPES[random.nextInt(TYPES.length)]);
        r.put("payload", "payload-" + n + "-" + "x".repeat(90));
        r.put("amount", random.nextInt(100_000) / 100.0);
        r.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        r.put("session_ms", random.nextInt(3_600_000));
        if (version2) {
            r.put("referrer", n % 3 == 0 ? null : "https://ref.example/" + (n % 100));
        }
        return r;
    }

    byte[] encode(int schemaId, GenericRecord record) {
        return WireFormat.encode(schemaId, record.getSchema(), record);
    }

    /** An invalid payload of one of several kinds, chosen by {@code n}. */
    byte[] invalid(long n, int v1Id) {
        Random random = new Random(n);
        switch ((int) (n % 4)) {
            case 0: {
                byte[] bytes = new byte[3 + random.nextInt(40)];
                random.nextBytes(bytes);
                bytes[0] = 7;
                return bytes;
            }
            case 1:
                return ByteBuffer.allocate(12).put((byte) 0).putInt(987_654).putLong(n).array();
            case 2: {
                byte[] full = encode(v1Id, event(n, false));
                byte[] truncated = new byte[full.length / 2];
                System.arraycopy(full, 0, truncated, 0, truncated.length);
                return truncated;
            }
            default: {
                GenericRecord bad = event(n, false);
                bad.put("country", "XYZ"); // FixedString(2): mapping_failed
                return encode(v1Id, bad);
            }
        }
    }
}
