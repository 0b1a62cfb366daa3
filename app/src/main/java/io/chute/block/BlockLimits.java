package io.chute.block;

/**
 * When a {@link BlockBuilder} closes a block: at {@code maxRows} rows, {@code maxBytes} bytes or
 * {@code lingerMillis} age, whichever comes first. The limits can {@link #grow() grow} at run time (the inserter
 * calls it on repeated TOO_MANY_PARTS: fewer, bigger inserts create fewer parts); growth is a power-of-two factor
 * applied to the base rows, bytes and linger, capped at {@code maxGrowthFactor}.
 *
 * <p>Thread-safe: the factor is written by insert threads and read by stream threads.
 */
public final class BlockLimits {

    public static final int DEFAULT_MAX_ROWS = 100_000;
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    public static final long DEFAULT_LINGER_MILLIS = 1_000;
    public static final int DEFAULT_MAX_GROWTH_FACTOR = 8;
    // Largest byte[] a JVM reliably allocates.
    private static final long ARRAY_LIMIT = Integer.MAX_VALUE - 16;
    /** No limit a block can reach: for rows that were cut into blocks before (recovery, a group's member). */
    public static final BlockLimits UNBOUNDED = new BlockLimits(Integer.MAX_VALUE, (int) ARRAY_LIMIT,
            Long.MAX_VALUE / 4, 1);

    private final int baseRows;
    private final int baseBytes;
    private final long baseLingerMillis;
    private final int maxGrowthFactor;
    private volatile int factor = 1;

    public BlockLimits(int baseRows, int baseBytes, long baseLingerMillis, int maxGrowthFactor) {
        if (baseRows < 1 || baseBytes < 1 || baseLingerMillis < 0 || maxGrowthFactor < 1) {
            throw new IllegalArgumentException("block limits must be positive");
        }
        this.baseRows = baseRows;
        this.baseBytes = baseBytes;
        this.baseLingerMillis = baseLingerMillis;
        this.maxGrowthFactor = maxGrowthFactor;
    }

    public static BlockLimits defaults() {
        return new BlockLimits(DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, DEFAULT_LINGER_MILLIS, DEFAULT_MAX_GROWTH_FACTOR);
    }

    public int maxRows() {
        return (int) Math.min(ARRAY_LIMIT, (long) baseRows * factor);
    }

    public int maxBytes() {
        return (int) Math.min(ARRAY_LIMIT, (long) baseBytes * factor);
    }

    public long lingerMillis() {
        return baseLingerMillis * factor;
    }

    public int growthFactor() {
        return factor;
    }

    /** Doubles the growth factor up to the cap; returns false when already at the cap. */
    public synchronized boolean grow() {
        if (factor >= maxGrowthFactor) {
            return false;
        }
        factor = Math.min(maxGrowthFactor, factor * 2);
        return true;
    }
}
