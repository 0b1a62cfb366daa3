package io.chute.topology;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.BlockLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/**
 * Keeps a stream thread within the instance's {@link MemoryBudget}, checked after each record. Above the soft
 * limit it submits the thread's largest open block early (any task of the thread, through the
 * {@link CommitBarrier}'s registry), one per record, when it is at least 1/16 of {@code block.max.bytes}: tiny
 * early blocks would only add parts. Above the hard limit it submits open blocks whatever their size and then waits, not
 * taking records, until landed blocks free memory: backpressure, counted and logged with the reason.
 */
final class MemoryPressure {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPressure.class);
    private static final long WAIT_SLICE_MILLIS = 50;
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final MemoryBudget budget;
    private final CommitBarrier barrier;
    private final BlockLimits limits;
    private final Counter early;
    private final Counter waits;
    private final Counter waitMillis;
    private long lastLog;

    MemoryPressure(MemoryBudget budget, CommitBarrier barrier, ChuteMetrics metrics, BlockLimits limits) {
        this.budget = budget;
        this.barrier = barrier;
        this.limits = limits;
        this.early = metrics.counter(ChuteMetric.BLOCKS_SUBMITTED_EARLY);
        this.waits = metrics.counter(ChuteMetric.BACKPRESSURE_WAITS);
        this.waitMillis = metrics.counter(ChuteMetric.BACKPRESSURE_WAIT_MILLIS);
    }

    /** Called on the stream thread between records. */
    void relieve() throws InterruptedException {
        if (!budget.overSoftLimit()) {
            return;
        }
        // One block per record above the soft limit: a submitted block counts until it lands, so a loop here would
        // cut every open block at once.
        if (barrier.largestOpenBytes() >= limits.maxBytes() / 16 && barrier.submitLargestOpenBlock()) {
            early.increment();
        }
        if (budget.overHardLimit()) {
            while (barrier.submitLargestOpenBlock()) {
                early.increment();
            }
            await();
        }
    }

    private void await() throws InterruptedException {
        waits.increment();
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        if (now - lastLog >= LOG_EVERY_MILLIS) {
            lastLog = now;
            LOG.warn("backpressure: {} (rows buffered and in flight, over buffer.memory.bytes); the stream thread "
                    + "waits for inserts to land (counted in {})", budget, ChuteMetric.BACKPRESSURE_WAITS.metricName());
        }
        while (budget.overHardLimit()) {
            budget.awaitRelease(WAIT_SLICE_MILLIS);
        }
        waitMillis.increment((System.nanoTime() - start) / 1_000_000.0);
    }
}
