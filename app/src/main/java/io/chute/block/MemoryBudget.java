package io.chute.block;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide budget for the bytes of rows held by chute: open blocks' arrays (as allocated, not as filled) and
 * submitted blocks until they land or fail. Above {@link #softLimit()} (3/4 of the budget) stream threads submit
 * their largest open blocks early; above {@link #hardLimit()} (the budget) a stream thread waits for inserts to
 * land before it takes another record. Thread-safe.
 *
 * <p>The check runs after a row is appended, so the count can pass the budget by one row plus one array growth of
 * a block (at most {@code block.max.bytes}); {@link #peak()} records the highest count reached.
 */
public final class MemoryBudget {
    /** Share of the max heap taken when {@code buffer.memory.bytes} is not set. */
    public static final double DEFAULT_HEAP_SHARE = 0.30;

    private final long hardLimit;
    private final long softLimit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final Object released = new Object();

    public MemoryBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("memory budget must be positive");
        }
        this.hardLimit = bytes;
        this.softLimit = bytes - bytes / 4;
    }

    /** The budget for {@code configured} bytes, or {@link #DEFAULT_HEAP_SHARE} of the max heap when negative. */
    public static MemoryBudget of(long configured) {
        return new MemoryBudget(configured > 0 ? configured
                : (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE));
    }

    /** Effectively unbounded, for tests that do not exercise memory pressure. */
    public static MemoryBudget unbounded() {
        return new MemoryBudget(Long.MAX_VALUE / 2);
    }

    /** Adds (or with a negative delta, removes) bytes held by a stream thread's open blocks. */
    public void add(long bytes) {
        long now = used.addAndGet(bytes);
        if (bytes > 0 && now > peak.get()) {
            peak.accumulateAndGet(now, Math::max);
        }
        if (bytes < 0) {
            synchronized (released) {
                released.notifyAll();
            }
        }
    }

    /** A submitted block landed or failed: its bytes are free. */
    public void release(long bytes) {
        add(-bytes);
    }

    public boolean overSoftLimit() {
        return used.get() > softLimit;
    }

    public boolean overHardLimit() {
        return used.get() > hardLimit;
    }

    /** Waits up to {@code maxMillis} for bytes to be released (returns early when they are). */
    public void awaitRelease(long maxMillis) throws InterruptedException {
        synchronized (released) {
            if (overHardLimit()) {
                released.wait(maxMillis);
            }
        }
    }

    public long used() {
        return used.get();
    }

    public long peak() {
        return peak.get();
    }

    public long hardLimit() {
        return hardLimit;
    }

    public long softLimit() {
        return softLimit;
    }

    @Override
    public String toString() {
        return "memory budget " + used.get() + "/" + hardLimit + " bytes (peak " + peak.get() + ")";
    }
}
