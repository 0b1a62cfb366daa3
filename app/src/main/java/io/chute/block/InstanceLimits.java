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
 *
 * <p>Lanes that open their blocks together would also close them together: after a start, a rebalance or a
 * backlog every lane's first block opens within one poll, and every grown linger later all of a table's lanes
 * insert at once (192 parts in one second at 64 partitions x 3 tables), then again one linger later, since a lane's
 * next block opens with its next record. The insert queue of such a burst is what pushed the live end-to-end
 * latency past the linger. So a lane's block opened in step with the others (its first, or the first after its
 * source caught up) lingers only its {@link #phase} of the grown linger: the lanes of a table then close spread
 * over one linger, at the same rate, and stay spread.
 */
public final class InstanceLimits {
    private static final double GOLDEN_FRACTION = 0.6180339887498949;
    private final MemoryBudget budget;
    private final double maxPerSecondPerTable;
    private final Map<String, AtomicInteger> openLanes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lanes = new ConcurrentHashMap<>();
    private final SourceEnds sourceEnds = new SourceEnds();
    private final AtomicInteger fetchPaused = new AtomicInteger();

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

    /** Source partitions whose fetching is paused for the memory budget (the main consumers' fetch gates keep it). */
    public AtomicInteger fetchPaused() {
        return fetchPaused;
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
     * The counter of lanes of {@code table} on the instance, open or not: a task's lane counts from its first row
     * until the task closes. Unlike the open lanes it does not drop when a backlog ends and the lanes close.
     */
    public AtomicInteger lanes(String table) {
        return lanes.computeIfAbsent(table, t -> new AtomicInteger());
    }

    /**
     * Whether {@code table} has many lanes here, open or not: with all of them open its linger would pass
     * {@code baseMillis}. A commit then holds its in-flight blocks instead of waiting for them.
     */
    public boolean manyLanes(String table, long baseMillis) {
        return lingerMillis(baseMillis, lanes(table).get()) > baseMillis;
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

    /** {@link #lingerMillis(long, int)} of a block opened in step with the other lanes: {@code phase} of it. */
    public long staggeredLingerMillis(long baseMillis, int openLanes, double phase) {
        return Math.max(baseMillis, (long) Math.ceil(lingerMillis(baseMillis, openLanes) * phase));
    }

    /**
     * A lane's share of the grown linger for a block opened in step with the others, in (0, 1]: consecutive
     * partitions of a table step by the golden ratio's fraction, which spreads any number of them evenly; the
     * table's name shifts the sequence so that tables fed by one partition do not close together either.
     */
    public static double phase(String table, int partition) {
        double shift = (table.hashCode() & 0xffff) / 65536.0;
        double phase = (partition + 1) * GOLDEN_FRACTION + shift;
        phase -= Math.floor(phase);
        return phase == 0 ? 1 : phase;
    }
}
