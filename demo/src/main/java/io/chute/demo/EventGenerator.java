package io.chute.demo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import io.chute.serde.WireFormat;

/**
 * Realistic events of the example schema, Confluent-framed with a given schema id, and bad records of every
 * {@link InvalidKind}; for the demo, tests and the benchmark.
 *
 * <p>Everything is a pure function of {@code seed} (and the base time given at construction): the same seed gives
 * the same bytes, so a test can recompute what it sent. Events of {@link EventSchema#V2} always carry a referrer
 * ({@code "(direct)"} when there is none), so in the table {@code referrer IS NULL} exactly for v1 events.
 * Thread-safe (no mutable state).
 */
public final class EventGenerator {
    /** A schema id no registry in the demo hands out (Apicurio counts up from 1). */
    public static final int UNKNOWN_SCHEMA_ID = 2_000_000_000;

    private static final String[] EVENT_TYPES = {"page_view", "click", "scroll", "search", "add_to_cart",
        "video_play", "login", "remove_from_cart", "checkout_start", "purchase", "share", "like", "comment",
        "video_pause", "form_submit", "signup", "download", "logout", "refund", "error"};
    private static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "ES", "IT",
        "PL", "SE", "AU", "MX"};
    private static final String[] BAD_COUNTRIES = {"USA", "DEU", "GBR", "FRA", "IND"};
    private static final String[] REFERRERS = {"(direct)", "https://search.example/", "https://social.example/",
        "https://news.example/", "https://mail.example/", "https://partner.example/"};
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Macintosh)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"};
    private static final double[] TYPE_WEIGHTS = zipfWeights(EVENT_TYPES.length);

    private final EventSchema version;
    private final int schemaId;
    private final long baseTimeMillis;

    /**
     * @param version        which schema the events are written with
     * @param schemaId       the registry's id of that schema, written into the wire-format header
     * @param baseTimeMillis events get a {@code ts} up to a minute before this (pass "now" for live-looking data)
     */
    public EventGenerator(EventSchema version, int schemaId, long baseTimeMillis) {
        this.version = version;
        this.schemaId = schemaId;
        this.baseTimeMillis = baseTimeMillis;
    }

    public EventSchema version() {
        return version;
    }

    public int schemaId() {
        return schemaId;
    }

    /** The event of {@code seed} as a record of this generator's schema. */
    public GenericRecord event(long seed) {
        return event(new SplittableRandom(seed));
    }

    /** The event of {@code seed} in the Confluent wire format. */
    public byte[] valid(long seed) {
        return WireFormat.encode(schemaId, version.schema(), event(seed));
    }

    /** The event id of {@code seed} (what {@link #event} puts into {@code event_id}). */
    public static String eventId(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** The record key: the event id as UTF-8 (it spreads events evenly over the partitions). */
    public static byte[] key(long seed) {
        return eventId(seed).getBytes(StandardCharsets.UTF_8);
    }

    /** A bad record of {@code kind}; chute dead-letters it with {@link InvalidKind#expectedReason()}. */
    public byte[] invalid(InvalidKind kind, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        return switch (kind) {
            case RANDOM_BYTES -> randomBytes(random);
            case WRONG_MAGIC -> withMagic(valid(seed), (byte) 1);
            case UNKNOWN_SCHEMA_ID -> WireFormat.encode(UNKNOWN_SCHEMA_ID, version.schema(), event(seed));
            case TRUNCATED_AVRO -> truncated(valid(seed), random);
            case COUNTRY_TOO_LONG -> {
                GenericRecord event = event(seed);
                event.put("country", BAD_COUNTRIES[random.nextInt(BAD_COUNTRIES.length)]);
                yield WireFormat.encode(schemaId, version.schema(), event);
            }
        };
    }

    private GenericRecord event(SplittableRandom random) {
        GenericRecord event = new GenericData.Record(version.schema());
        // the first two longs are the event id's (see eventId)
        event.put("event_id", new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString());
        event.put("ts", baseTimeMillis - random.nextInt(60_000));
        long userId = 1 + random.nextInt(1_000_000);
        event.put("user_id", userId);
        String type = EVENT_TYPES[pick(TYPE_WEIGHTS, random.nextDouble())];
        event.put("event_type", type);
        event.put("payload", payload(random, userId));
        event.put("amount", amount(type, random));
        event.put("country", COUNTRIES[Math.min(COUNTRIES.length - 1, (int) (-Math.log(random.nextDouble()) * 3))]);
        event.put("session_ms", random.nextInt(3_600_000));
        if (version == EventSchema.V2) {
            event.put("referrer", REFERRERS[random.nextInt(REFERRERS.length)]);
        }
        return event;
    }

    /** About 100 characters of JSON, as a tracking snippet would send. */
    private static String payload(SplittableRandom random, long userId) {
        return String.format(Locale.ROOT, "{\"path\":\"/p/%d\",\"ab\":\"%s\",\"ua\":\"%s\",\"sid\":\"%016x\",\"u\":%d}",
                random.nextInt(10_000), random.nextBoolean() ? "A" : "B", AGENTS[random.nextInt(AGENTS.length)],
                random.nextLong(), userId);
    }

    private static double amount(String type, SplittableRandom random) {
        if (!type.equals("purchase") && !type.equals("refund")) {
            return 0.0;
        }
        double value = Math.round(random.nextDouble(1.0, 500.0) * 100) / 100.0;
        return type.equals("refund") ? -value : value;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[20 + random.nextInt(180)];
        random.nextBytes(bytes);
        bytes[0] = (byte) (1 + random.nextInt(255)); // never the magic byte, or it could look framed
        return bytes;
    }

    private static byte[] withMagic(byte[] framed, byte magic) {
        framed[0] = magic;
        return framed;
    }

    /** Keeps the header and 0..n-1 of the n payload bytes: every field is required, so decoding runs out. */
    private static byte[] truncated(byte[] framed, SplittableRandom random) {
        int payload = framed.length - WireFormat.HEADER_LENGTH;
        return Arrays.copyOf(framed, WireFormat.HEADER_LENGTH + random.nextInt(payload));
    }

    private static int pick(double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Cumulative Zipf(1) weights: page views dominate, refunds and errors are rare. */
    private static double[] zipfWeights(int n) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= total;
        }
        return cumulative;
    }
}
