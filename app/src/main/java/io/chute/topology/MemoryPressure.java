package io.chute.topology;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.BlockLimits;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/**
 * Keeps the stream threads within the instance's {@link MemoryBudget}, checked after each record. Above the soft
 * limit the calling thread submits its largest open block early (any task of the thread, through the
 * {@link CommitBarrier}'s registry) when it is at least its lane's fair share of the soft limit
 * ({@code soft limit / open lanes}, at most 1/16 of {@code block.max.bytes}): tiny early blocks would only add parts.
 * Finding the largest block scans every task of the thread, so it runs once per that many bytes of growth, not per
 * record (256 tasks: a scan per record was half the thread's time). Above the hard limit it submits the largest open
 * blocks until those cover the excess over the soft limit, then waits, not taking records, until landed blocks
 * free memory: backpressure, counted and logged with the reason. One per instance: shared by every task.
 */
final class MemoryPressure {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPressure.class);
    private static final long WAIT_SLICE_MILLIS = 50;
    private static final long LOG_EVERY_MILLIS = 10_000;
    private static final int MIN_EARLY_SHARE_OF_MAX_BYTES = 16;
    /** Small early blocks are a sizing problem, not an event: said at most this often. */
    private static final long SMALL_BLOCKS_LOG_EVERY_MILLIS = 10 * 60_000;

    private final MemoryBudget budget;
    private final IntSupplier openLanes;
    private final CommitBarrier barrier;
    private final BlockLimits limits;
    private final Counter early;
    private final Counter waits;
    private final Counter waitMillis;
    /** Above the soft limit: the next scan waits until the budget's use reaches this. */
    private final AtomicLong rescanAt = new AtomicLong();
    private volatile long lastLog;
    private volatile long lastSmallBlocksLog = -SMALL_BLOCKS_LOG_EVERY_MILLIS;

    MemoryPressure(InstanceLimits instance, CommitBarrier barrier, ChuteMetrics metrics, BlockLimits limits) {
        this(instance.budget(), instance::openLanes, barrier, metrics, limits);
    }

    MemoryPressure(MemoryBudget budget, IntSupplier openLanes, CommitBarrier barrier, ChuteMetrics metrics,
                   BlockLimits limits) {
        this.budget = budget;
        this.openLanes = openLanes;
        this.barrier = barrier;
        this.limits = limits;
        this.early = metrics.counter(ChuteMetric.BLOCKS_SUBMITTED_EARLY);
        this.waits = metrics.counter(ChuteMetric.BACKPRESSURE_WAITS);
        this.waitMillis = metrics.counter(ChuteMetric.BACKPRESSURE_WAIT_MILLIS);
    }

    /**
     * Called on a stream thread between records. Returns whether the thread should ask Streams for a commit (grouped
     * inserts: rows free memory only once a commit cut them).
     */
    boolean relieve() throws InterruptedException {
        if (!budget.overSoftLimit()) {
            return false;
        }
        GroupedInserts grouped = barrier.grouped();
        if (grouped != null) {
            return relieveGrouped(grouped);
        }
        long used = budget.used();
        boolean hard = budget.overHardLimit();
        if (!hard && used < rescanAt.get()) {
            return false;
        }
        long fairShare = earlyFloor();
        rescanAt.set(used + fairShare);
        // One task's block (and its siblings) per scan: a submitted block counts until it lands, so a loop here would
        // cut every open block.
        EarlyBlocks submitted = barrier.submitLargestOpenBlock(fairShare);
        early.increment(submitted.blocks());
        if (submitted.blocks() > 0) {
            warnIfLanesGetSmallBlocks();
        }
        if (hard) {
            await(cut(used - budget.softLimit() - submitted.bytes()));
            rescanAt.set(0);
        }
        return false;
    }

    /**
     * Grouped inserts: blocks go only at commits, so cutting one early frees nothing. When at least half the soft limit
     * is rows no group holds yet, a commit is asked for (returned to the processor, which asks Streams) that cuts
     * every lane, waiting for groups still inserting instead of holding their lanes. Above the hard limit the
     * instance's processing pauses ({@link ProcessingPause}) until inserts bring it under: waiting here instead would
     * keep this thread from the poll a rebalance needs, and Streams commits nothing until the rebalance ends. Without
     * Kafka Streams to pause (unit tests) the thread waits while its groups insert, which frees memory without a
     * commit.
     */
    private boolean relieveGrouped(GroupedInserts grouped) throws InterruptedException {
        boolean commit;
        if (budget.overHardLimit() && grouped.pause().pauseOverHardLimit()) {
            commit = true;
        } else {
            if (budget.overHardLimit() && grouped.inFlight()) {
                await(0);
            }
            commit = budget.used() - grouped.inFlightBytes() >= budget.softLimit() / 2;
        }
        if (commit) {
            grouped.cutAllAtNextCommit();
        }
        return commit;
    }

    /** Submits the largest open blocks with room until they cover {@code excess} bytes; returns what is left. */
    private long cut(long excess) {
        long left = excess;
        EarlyBlocks moved;
        while (left > 0 && (moved = barrier.submitLargestOpenBlock(1)).blocks() > 0) {
            early.increment(moved.blocks());
            left -= moved.bytes();
        }
        return left;
    }

    /**
     * Early blocks below 1/16 of {@code block.max.bytes} mean the budget is spread over too many lanes: every block is
     * an INSERT and a ClickHouse part, and at a few thousand rows per INSERT ClickHouse's cost per INSERT, not per
     * row, sets the pace (issue 10: 2,400-row blocks cut ClickHouse's insert rate here to 95,000 rows/s from
     * 1,390,000 in 100,000-row blocks). The fix is sizing, so the operator is told how, not each time.
     */
    private void warnIfLanesGetSmallBlocks() {
        int lanes = Math.max(1, openLanes.getAsInt());
        long share = budget.softLimit() / lanes;
        long now = System.currentTimeMillis();
        if (share >= limits.maxBytes() / MIN_EARLY_SHARE_OF_MAX_BYTES
                || now - lastSmallBlocksLog < SMALL_BLOCKS_LOG_EVERY_MILLIS) {
            return;
        }
        lastSmallBlocksLog = now;
        LOG.warn("memory pressure: {} open lanes (table, topic, partition) share buffer.memory.bytes={} bytes, about "
                + "{} bytes each, so blocks go to ClickHouse early and small (many INSERTs, one part each, fewer rows "
                + "per second); give the instance more heap (buffer.memory.bytes defaults to 30% of it), set "
                + "buffer.memory.bytes, or spread the partitions over more instances (early blocks are counted in {})",
                lanes, budget.hardLimit(), share, ChuteMetric.BLOCKS_SUBMITTED_EARLY.metricName());
    }

    /** The smallest block worth submitting early: its lane's share of the soft limit, at most 1/16 of a block. */
    private long earlyFloor() {
        long share = budget.softLimit() / Math.max(1, openLanes.getAsInt());
        return Math.max(1, Math.min(limits.maxBytes() / MIN_EARLY_SHARE_OF_MAX_BYTES, share));
    }

    /**
     * Waits until landed blocks bring the budget under its hard limit. Blocks whose lanes were busy (in-flight slots
     * full) when the excess was cut are cut as slots free, or the wait could outlast every insert.
     */
    private void await(long uncut) throws InterruptedException {
        waits.increment();
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        if (now - lastLog >= LOG_EVERY_MILLIS) {
            lastLog = now;
            LOG.warn("backpressure: {} (rows buffered and in flight, over buffer.memory.bytes); the stream thread "
                    + "waits for inserts to land (counted in {})", budget, ChuteMetric.BACKPRESSURE_WAITS.metricName());
        }
        long left = uncut;
        GroupedInserts grouped = barrier.grouped();
        // grouped inserts: blocks land only after a commit, which cannot come while this thread waits; what frees
        // memory without one is the groups already inserting (the processor asks Streams for a commit)
        while (budget.overHardLimit() && (grouped == null || grouped.inFlight())) {
            budget.awaitRelease(WAIT_SLICE_MILLIS);
            if (left > 0) {
                left = cut(left);
            }
        }
        waitMillis.increment((System.nanoTime() - start) / 1_000_000.0);
    }
}
