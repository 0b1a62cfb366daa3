package io.chute.demo;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo sends, as a pure function of (seed, events, invalid ratio): record {@code i} goes to the v1
 * producer when {@code i} is even and to the v2 producer when odd; a hash of (seed, i) decides whether it is bad
 * and of which {@link InvalidKind}. So the expected outcome is known before anything is sent, and a test can
 * recompute every record.
 */
public final class DemoPlan {
    private static final InvalidKind[] KINDS = InvalidKind.values();

    private final long seed;
    private final int events;
    private final double invalidRatio;

    /** One record to send: its producer's schema version, its generator seed, and its bad kind (null if valid). */
    public record Item(int index, EventSchema version, long seed, InvalidKind invalid) {
        public boolean valid() {
            return invalid == null;
        }

        /** The record's value, made by the generator of its version. */
        public byte[] value(EventGenerator generator) {
            return valid() ? generator.valid(seed) : generator.invalid(invalid, seed);
        }
    }

    /**
     * What must come out: rows per schema version and dead letters per {@code chute.dlq.reason}.
     */
    public record Expected(long rowsV1, long rowsV2, Map<String, Long> deadLettersByReason) {
        public long rows() {
            return rowsV1 + rowsV2;
        }

        public long deadLetters() {
            return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public DemoPlan(long seed, int events, double invalidRatio) {
        if (events < 0 || invalidRatio < 0 || invalidRatio > 1) {
            throw new IllegalArgumentException("events must be >= 0 and the invalid ratio in [0, 1]");
        }
        this.seed = seed;
        this.events = events;
        this.invalidRatio = invalidRatio;
    }

    public int events() {
        return events;
    }

    public Item item(int index) {
        long hash = mix(seed * 0x9E3779B97F4A7C15L + index);
        boolean bad = (hash >>> 11) * 0x1.0p-53 < invalidRatio;
        InvalidKind kind = bad ? KINDS[(int) Long.remainderUnsigned(mix(hash), KINDS.length)] : null;
        return new Item(index, index % 2 == 0 ? EventSchema.V1 : EventSchema.V2, mix(hash ^ index), kind);
    }

    public Expected expected() {
        long v1 = 0;
        long v2 = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (int i = 0; i < events; i++) {
            Item item = item(i);
            if (!item.valid()) {
                reasons.merge(item.invalid().expectedReason(), 1L, Long::sum);
            } else if (item.version() == EventSchema.V1) {
                v1++;
            } else {
                v2++;
            }
        }
        return new Expected(v1, v2, reasons);
    }

    /** SplitMix64's finalizer: a cheap, well-mixing bijection on longs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
