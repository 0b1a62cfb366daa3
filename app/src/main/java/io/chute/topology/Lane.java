package io.chute.topology;

import java.util.concurrent.atomic.AtomicInteger;

import io.chute.block.BlockBuilder;
import io.chute.block.InstanceLimits;

/** The block being filled and the landed mark of one (table, topic, partition) of a {@link TaskSinks}. */
final class Lane {
    final BlockBuilder builder;
    final String topic;
    /** Open lanes of this lane's table on this instance: sets the linger (see {@link InstanceLimits}). */
    final AtomicInteger openLanesOfTable;
    /** Lanes of this lane's table on this instance, open or not: many, and a commit holds in-flight blocks. */
    final AtomicInteger lanesOfTable;
    long landedThrough = -1;
    /**
     * Its source caught up after a backlog while this block was open: it goes at {@code block.linger.ms} (the
     * operator's choice), not at the grown linger, as soon as its lane has room.
     */
    boolean caughtUp;
    /** Share of the grown linger of a block opened in step with the other lanes ({@link InstanceLimits}). */
    final double phase;
    /** Its open block (or next one) was opened in step: the lane's first, or the first after a catch-up. */
    boolean inStep = true;
    /**
     * The longest linger its open block was given: a linger never shrinks while its block is open, or lanes
     * closing would shorten the others' lingers, which would close them in turn (half of 64 staggered lanes
     * closed in one second once the live records stopped).
     */
    long linger;

    Lane(BlockBuilder builder, String topic, AtomicInteger openLanesOfTable, AtomicInteger lanesOfTable,
         double phase) {
        this.builder = builder;
        this.topic = topic;
        this.openLanesOfTable = openLanesOfTable;
        this.lanesOfTable = lanesOfTable;
        this.phase = phase;
        lanesOfTable.incrementAndGet();
    }
}
