package io.chute.block;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide budget for the bytes of rows held by chute: open blocks' arrays (as allocated, not as filled) and
 * submitted blocks until they land or fail. Above {@link #softLimit()} (3/4 of the budget) stream threads submit
 * their largest open blocks early; above {@link #hardLimit()} (the budget) a stream thread waits for inserts to
 * land before it takes another record (grouped inserts: the instance's processing pauses until they do, since their
 * blocks wait for a commit). Thread-safe.
 *
 * <p>The check runs after a row is appended, so the count can pass the budget by one row plus one array growth of
 * a block (at most {@code block.max.bytes}); {@link #peak()} records the highest count reached.
 *
 * <p>Each open stream task also counts its fixed heap cost outside blocks ({@link #TASK_BYTES}, {@link
 * #reserveTask}), up to a quarter of the budget: blocks then get less at many tasks (issue 10), and a small budget
 * with many tasks is never eaten up by tasks alone.
 */
public final class MemoryBudget {
    /** Share of the max heap taken when {@code buffer.memory.bytes} is not set. */
    public static final double DEFAULT_HEAP_SHARE = 0.30;
    /**
     * Heap a stream task holds outside its blocks, measured at 256 tasks x 2 tables (heap dumps, issue 10): its
     * ledger producer (~110 KB), Kafka Streams' task with its sensors and its partition's consumer metrics, chute's
     * per-task encoders and processor; about 190 KB in all.
     */
    public static final long TASK_BYTES = 192 << 10;
    /** Tasks count at most this share of the budget. */
    public static final int TASK_SHARE_DIVISOR = 4;

    private final long hardLimit;
    private final long softLimit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private final Object released = new Object();
    private final List<Runnable> releaseListeners = new CopyOnWriteArrayList<>();

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
            releaseListeners.forEach(Runnable::run);
        }
    }

    /** {@code listener} runs after every release, on the releasing thread (it must be quick). */
    public void onRelease(Runnable listener) {
        releaseListeners.add(listener);
    }

    /** A submitted block landed or failed: its bytes are free. */
    public void release(long bytes) {
        add(-bytes);
    }

    /**
     * Counts a newly opened task's fixed cost while tasks hold less than a quarter of the budget.
     *
     * @return the bytes counted ({@link #TASK_BYTES}, less or 0 at the cap), to {@link #releaseTask} when the task
     *         closes
     */
    public long reserveTask() {
        long max = hardLimit / TASK_SHARE_DIVISOR;
        long before = reserved.getAndUpdate(r -> Math.min(max, r + TASK_BYTES));
        long counted = Math.max(0, Math.min(max, before + TASK_BYTES) - before);
        add(counted);
        return counted;
    }

    /** A task closed: what {@link #reserveTask} counted for it is free. */
    public void releaseTask(long counted) {
        reserved.addAndGet(-counted);
        release(counted);
    }

    /** Bytes counted for open tasks (part of {@link #used()}). */
    public long reserved() {
        return reserved.get();
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
