package io.chute.block;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What bounds one instance as a whole, across its (table, topic, partition) lanes: the {@link MemoryBudget} and
 * the rate of blocks (so of ClickHouse parts) per table. Thread-safe: shared by every stream thread.
 *
 * <p>Rate: a table's lanes linger {@code max(block.linger.ms, open lanes of the table / maxPerSecondPerTable)}
 * seconds, so at low volume, when blocks close by age, the instance inserts at most about
 * {@code maxPerSecondPerTable} blocks of that table per second whatever the number of lanes. Full blocks still go
 * at once (then the rate is set by volume, and blocks are large), and so do the open blocks of a partition that has
 * just caught up after a backlog ({@link CatchUp}). Offset commits keep such blocks open (see
 * {@code TaskSinks#submitForCommit}).
 */
public final class InstanceLimits {
    private final MemoryBudget budget;
    private final double maxPerSecondPerTable;
    private final Map<String, AtomicInteger> openLanes = new ConcurrentHashMap<>();
    private final SourceEnds sourceEnds = new SourceEnds();

    public InstanceLimits(MemoryBudget budget, double maxPerSecondPerTable) {
        if (!(maxPerSecondPerTable > 0)) {
            throw new IllegalArgumentException("blocks per second per table must be positive");
        }
        this.budget = Objects.requireNonNull(budget);
        this.maxPerSecondPerTable = maxPerSecondPerTable;
    }

    /** No memory pressure, no rate bound beyond the base linger: unit tests of other concerns. */
    public static InstanceLimits unbounded() {
        return new InstanceLimits(MemoryBudget.unbounded(), Double.MAX_VALUE);
    }

    public MemoryBudget budget() {
        return budget;
    }

    /** The source partitions' ends as the main consumers saw them: whether a lane is catching up ({@link CatchUp}). */
    public SourceEnds sourceEnds() {
        return sourceEnds;
    }

    /** Open lanes of every table on the instance. */
    public int openLanes() {
        int open = 0;
        for (AtomicInteger lanes : openLanes.values()) {
            open += lanes.get();
        }
        return open;
    }

    /** The counter of open lanes of {@code table} (kept by each lane: no map lookup per block). */
    public AtomicInteger openLanes(String table) {
        return openLanes.computeIfAbsent(table, t -> new AtomicInteger());
    }

    /**
     * How long the LANDED of a key's block may wait for the key's next INTENT before it is written alone: a commit
     * interval past the table's linger, so that a lane whose blocks close by age (the grown linger) carries each
     * LANDED in its next INTENT's transaction; at least two commit intervals (one ledger transaction per block).
     */
    public long landedDelayMillis(String table, long baseLingerMillis, long commitIntervalMillis) {
        return Math.max(2 * commitIntervalMillis,
                lingerMillis(baseLingerMillis, openLanes(table).get()) + commitIntervalMillis);
    }

    /** How long a block of a table with {@code openLanes} open lanes lingers, at least {@code baseMillis}. */
    public long lingerMillis(long baseMillis, int openLanes) {
        return Math.max(baseMillis, (long) Math.ceil(openLanes * 1000.0 / maxPerSecondPerTable));
    }
}
