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
    private final AtomicLong reserved = new AtomicLong();
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

    /**
     * Takes {@code bytes} of the budget for something else that grows with tasks (issue 10: each task's ledger
     * producer): the limits for blocks drop by it, down to a quarter of the budget (so blocks always have room and
     * the backpressure wait always ends); negative: gives them back.
     */
    public void reserve(long bytes) {
        reserved.addAndGet(bytes);
        if (bytes < 0) {
            synchronized (released) {
                released.notifyAll();
            }
        }
    }

    public long reserved() {
        return reserved.get();
    }

    /** The budget for blocks: the budget less reservations, at least a quarter of it. */
    private long blockLimit() {
        return Math.max(hardLimit / 4, hardLimit - reserved.get());
    }

    public boolean overSoftLimit() {
        long limit = blockLimit();
        return used.get() > limit - limit / 4;
    }

    public boolean overHardLimit() {
        return used.get() > blockLimit();
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
