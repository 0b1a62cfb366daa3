package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockLimits;
import io.chute.block.CatchUp;
import io.chute.block.ColumnLayout;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetrics;
import io.chute.sink.BlockSink;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerKey;
import io.chute.state.RecoveryPlan;

/**
 * The open blocks of one stream task, one per (table, topic), plus the ledger marks below which rows already
 * landed. Full or lingering blocks go to the task's {@link BlockSink}; {@link #submitForCommit} then
 * {@link #awaitForCommit} is the commit's barrier. Every block's arrays count against the instance's
 * {@link MemoryBudget} from its first row until it landed or failed. Stream-thread confined.
 */
final class TaskSinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSinks.class);

    private final String namespace;
    private final int partition;
    private final BlockLimits limits;
    private final InstanceLimits instance;
    private final MemoryBudget budget;
    private final LongSupplier clock;
    private final IntentLedger ledger;
    private final BlockSink pipeline;
    private final ChuteMetrics metrics;
    private final Map<String, Map<String, Lane>> lanes = new HashMap<>();
    /** Per source topic: how far this task's partition of it is behind its end. */
    private final Map<String, CatchUp> sources = new HashMap<>();
    private String lastReadTopic;
    private CatchUp lastRead;
    private boolean reachedEnd;
    /** The lane looked up last: consecutive records almost always share it (two map lookups per row otherwise). */
    private String lastTable;
    private String lastTopic;
    private Lane lastLane;
    /** Per source topic: offset of the last record dead-lettered by this task. */
    private final Map<String, Long> lastDeadLetter = new HashMap<>();
    /** Per source topic: the oldest in-flight block the last commit held its offset at instead of waiting. */
    private final Map<String, Long> heldInFlight = new HashMap<>();

    TaskSinks(String namespace, int partition, BlockLimits limits, InstanceLimits instance, LongSupplier clock,
              IntentLedger ledger, BlockSink pipeline, ChuteMetrics metrics) {
        this.namespace = namespace;
        this.partition = partition;
        this.limits = limits;
        this.instance = instance;
        this.budget = instance.budget();
        this.clock = clock;
        this.ledger = ledger;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    /** Applies a ledger entry: rows at or below its last offset are skipped from now on. */
    void markLanded(RecoveryPlan plan) {
        LedgerKey key = plan.key();
        lane(key.table(), key.topic()).landedThrough = plan.entry().lastOffset();
    }

    boolean isLanded(String table, String topic, long offset) {
        return offset <= lane(table, topic).landedThrough;
    }

    /** The task takes the record of {@code topic} at {@code offset} (valid or not): how far behind its source is. */
    void reading(String topic, long offset) {
        if (topic != lastReadTopic) { // identity: a cheap hit test, misses fall back to the map
            lastRead = source(topic);
            lastReadTopic = topic;
        }
        reachedEnd = lastRead.read(offset);
    }

    /** Whether the record {@link #reading} took last was its partition's last after a backlog. */
    boolean reachedEnd() {
        return reachedEnd;
    }

    private CatchUp source(String topic) {
        return sources.computeIfAbsent(topic, t -> new CatchUp(instance.sourceEnds().of(t, partition),
                limits.lingerMillis()));
    }

    /**
     * Appends one encoded row; submits the block when it is full. A row encoded for other columns than the open
     * block's (the table gained a column) first submits the open block: a block holds one column list.
     */
    void append(String table, String topic, ColumnLayout columns, long offset, long timestamp, byte[] src, int off,
                int len) throws InterruptedException {
        Lane lane = lane(table, topic);
        if (!columns.sameColumns(lane.builder.layout())) {
            if (!lane.builder.isEmpty()) {
                LOG.info("table {} now takes columns {}: submitting the open block of {} first", table, columns.names(),
                        topic);
                submit(lane);
            }
            lane.builder.layout(columns);
        }
        long footprint = lane.builder.footprint();
        if (lane.builder.isEmpty()) {
            lane.openLanesOfTable.incrementAndGet();
        }
        lane.builder.append(offset, timestamp, src, off, len);
        long grown = lane.builder.footprint() - footprint;
        if (grown != 0) {
            budget.add(grown);
        }
        metrics.buffered(1, len);
        if (lane.builder.isFull()) {
            submit(lane);
        }
    }

    /** Submits an already formed block (recovery) ahead of anything else of its key. */
    void submitFormed(Block block, long footprint) throws InterruptedException {
        budget.add(footprint);
        submitCounted(block, footprint);
    }

    /**
     * Linger: submits every block whose first row is older than its table's linger, which grows with the open
     * lanes of the table (see {@link InstanceLimits}), and every open block of a source partition that has caught
     * up after a backlog ({@link CatchUp}) once it is {@code block.linger.ms} old, or at once while fetch gates hold
     * partitions for memory (the backlog's block is complete; waiting only keeps that memory from them). A lane
     * whose earlier blocks fill its in-flight slots keeps growing its block until a later punctuation: waiting here
     * would stall the whole stream thread.
     */
    void submitExpired() throws InterruptedException {
        long now = clock.getAsLong();
        long base = limits.lingerMillis();
        boolean paused = instance.fetchPaused().get() > 0;
        for (Map.Entry<String, Map<String, Lane>> byTopic : lanes.entrySet()) {
            boolean caughtUp = source(byTopic.getKey()).justCaughtUp(now);
            for (Map.Entry<String, Lane> byTable : byTopic.getValue().entrySet()) {
                Lane lane = byTable.getValue();
                lane.caughtUp |= caughtUp && !lane.builder.isEmpty();
                long age = lane.builder.ageMillis(now);
                if (!lane.builder.isEmpty() && (lane.caughtUp && (age >= base || paused) || age >= lingerOf(lane, base))
                        && pipeline.hasRoom(byTable.getKey(), byTopic.getKey(), partition)) {
                    submit(lane);
                }
            }
        }
        pipeline.flushIdleLanded();
    }

    /**
     * Commit, first phase, without waiting. With {@code mayHold}, a block stays open across the commit (its
     * partition's committed offset is then held at its first row, {@link #heldOffsets}) when its table's linger
     * grew past {@code block.linger.ms} (many open lanes: see {@link InstanceLimits}), it has not reached that
     * linger or its lane's in-flight slots are full (submitting would stall the commit until one lands; a later
     * punctuation sends it), and no record of its topic was dead-lettered since its first row (re-reading those
     * after a crash would dead-letter them twice under exactly_once_v2). Otherwise it is submitted.
     */
    void submitForCommit(boolean mayHold) throws InterruptedException {
        long now = clock.getAsLong();
        long base = limits.lingerMillis();
        for (Map.Entry<String, Map<String, Lane>> byTopic : lanes.entrySet()) {
            long deadLetter = lastDeadLetter.getOrDefault(byTopic.getKey(), -1L);
            for (Map.Entry<String, Lane> byTable : byTopic.getValue().entrySet()) {
                Lane lane = byTable.getValue();
                if (lane.builder.isEmpty()) {
                    continue;
                }
                long linger = lingerOf(lane, base);
                boolean young = lane.builder.ageMillis(now) < linger;
                boolean hold = mayHold && linger > base && lane.builder.firstOffset() > deadLetter
                        && (young || !pipeline.hasRoom(byTable.getKey(), byTopic.getKey(), partition));
                if (!hold) {
                    submit(lane);
                }
            }
        }
    }

    /**
     * For each source topic of this task with open blocks or blocks the last {@link #awaitForCommit} held: the first
     * offset of the oldest of them.
     */
    void heldOffsets(Map<String, Long> byTopic) {
        for (Map.Entry<String, Map<String, Lane>> topic : lanes.entrySet()) {
            for (Lane lane : topic.getValue().values()) {
                if (!lane.builder.isEmpty()) {
                    byTopic.merge(topic.getKey(), lane.builder.firstOffset(), Math::min);
                }
            }
        }
        heldInFlight.forEach((topic, first) -> byTopic.merge(topic, first, Math::min));
    }

    /** A record of {@code topic} at {@code offset} was dead-lettered (forwarded in the Streams transaction). */
    void deadLettered(String topic, long offset) {
        lastDeadLetter.put(topic, offset);
    }

    /** Per source topic: the offset of the last record this task dead-lettered. */
    void deadLetters(Map<String, Long> byTopic) {
        byTopic.putAll(lastDeadLetter);
    }

    /**
     * Commit, second phase: waits until the blocks submitted so far landed, except, with {@code mayHold}, in-flight
     * blocks of a table with many lanes here (all open, its linger would pass {@code block.linger.ms}; all, since at
     * a backlog's end they close) and no dead letter of their topic at or after the oldest: the commit holds the
     * partition at its first offset ({@link #heldOffsets}) as for an open block, not waiting for inserts that memory
     * pressure or full blocks started (64 partitions x 3 tables: 2.4 s commit wait p99).
     */
    void awaitForCommit(boolean mayHold) throws InterruptedException {
        heldInFlight.clear();
        if (!mayHold) {
            pipeline.awaitAll();
            return;
        }
        long base = limits.lingerMillis();
        Set<LedgerKey> held = new HashSet<>();
        for (Map.Entry<String, Map<String, Lane>> byTopic : lanes.entrySet()) {
            String topic = byTopic.getKey();
            long deadLetter = lastDeadLetter.getOrDefault(topic, -1L);
            for (Map.Entry<String, Lane> byTable : byTopic.getValue().entrySet()) {
                long oldest = pipeline.oldestUnlanded(byTable.getKey(), topic, partition);
                if (oldest >= 0 && instance.manyLanes(byTable.getKey(), base) && oldest > deadLetter) {
                    held.add(new LedgerKey(byTable.getKey(), topic, partition));
                    heldInFlight.merge(topic, oldest, Math::min);
                }
            }
        }
        pipeline.awaitAll(key -> !held.contains(key));
    }

    /** Per source partition the task read: open blocks, records left ({@link SourceLoad}, for the fetch gate). */
    void loads(Map<TopicPartition, SourceLoad> out) {
        sources.forEach((topic, source) -> {
            long bytes = 0;
            int rows = 0;
            Map<String, Lane> byTable = lanes.getOrDefault(topic, Map.of());
            for (Lane lane : byTable.values()) {
                bytes += lane.builder.footprint();
                rows = Math.max(rows, lane.builder.rowCount());
            }
            out.put(new TopicPartition(topic, partition),
                    new SourceLoad(bytes, rows, Math.max(1, byTable.size()), source.behind()));
        });
    }

    /** Whether any lane of the task has rows in its open block. */
    boolean hasOpenRows() {
        return lanes.values().stream().flatMap(byTable -> byTable.values().stream())
                .anyMatch(lane -> !lane.builder.isEmpty());
    }

    /** Footprint of the largest open block, 0 when none is open. */
    long largestOpenBytes() {
        Lane largest = largestOpen();
        return largest == null ? 0 : largest.builder.footprint();
    }

    /**
     * Memory pressure: submits the largest open block, and with it every other open block of the same source topic
     * at least half its footprint whose lane has room. In a fan-out those hold the same rows and would go a little
     * later anyway; going together, their ledger writes overlap and share one transaction (group commit, issue 10).
     */
    EarlyBlocks submitLargest() throws InterruptedException {
        Lane largest = largestOpen();
        if (largest == null) {
            return EarlyBlocks.NONE;
        }
        long footprint = largest.builder.footprint();
        submit(largest);
        EarlyBlocks submitted = EarlyBlocks.NONE.plus(footprint);
        for (Map.Entry<String, Lane> byTable : lanes.get(largest.topic).entrySet()) {
            Lane sibling = byTable.getValue();
            long bytes = sibling.builder.footprint();
            if (!sibling.builder.isEmpty() && 2 * bytes >= footprint
                    && pipeline.hasRoom(byTable.getKey(), largest.topic, partition)) {
                submit(sibling);
                submitted = submitted.plus(bytes);
            }
        }
        return submitted;
    }

    /** The largest open block whose lane can take it now (a busy lane would stall the stream thread). */
    private Lane largestOpen() {
        Lane largest = null;
        for (Map.Entry<String, Map<String, Lane>> byTopic : lanes.entrySet()) {
            for (Map.Entry<String, Lane> byTable : byTopic.getValue().entrySet()) {
                Lane lane = byTable.getValue();
                if (!lane.builder.isEmpty()
                        && (largest == null || lane.builder.footprint() > largest.builder.footprint())
                        && pipeline.hasRoom(byTable.getKey(), byTopic.getKey(), partition)) {
                    largest = lane;
                }
            }
        }
        return largest;
    }

    /**
     * The lane's grown linger (staggered by its phase while its block was opened in step with the others), the
     * longest it was during the block's life.
     */
    private long lingerOf(Lane lane, long base) {
        int open = lane.openLanesOfTable.get();
        long now = lane.inStep ? instance.staggeredLingerMillis(base, open, lane.phase)
                : instance.lingerMillis(base, open);
        lane.linger = Math.max(lane.linger, now);
        return lane.linger;
    }

    private void submit(Lane lane) throws InterruptedException {
        lane.inStep = lane.caughtUp; // every caught-up lane opens its next block with the same records' arrival
        lane.caughtUp = false;
        lane.linger = 0;
        long bytes = lane.builder.byteSize();
        long footprint = lane.builder.footprint();
        Block block = lane.builder.build();
        long kept = block.footprint(); // build trims mostly empty arrays
        budget.release(footprint - kept);
        lane.openLanesOfTable.decrementAndGet();
        metrics.buffered(-block.rowCount(), -bytes);
        submitCounted(block, kept);
    }

    /** Submits a block whose footprint the budget already counts; the budget gets it back when it is done. */
    private void submitCounted(Block block, long footprint) throws InterruptedException {
        try {
            pipeline.submit(block).whenComplete((ignored, error) -> budget.release(footprint));
        } catch (InterruptedException | RuntimeException e) {
            budget.release(footprint);
            throw e;
        }
    }

    private Lane lane(String table, String topic) {
        if (table == lastTable && topic == lastTopic) { // identity: a cheap hit test, misses fall back to the maps
            return lastLane;
        }
        Lane lane = lanes.computeIfAbsent(topic, t -> new HashMap<>())
                .computeIfAbsent(table, t -> new Lane(new BlockBuilder(namespace, table, topic, partition, limits,
                        clock), topic, instance.openLanes(table), instance.lanes(table),
                        InstanceLimits.phase(table, partition)));
        lastTable = table;
        lastTopic = topic;
        lastLane = lane;
        return lane;
    }

    /** Drops unsubmitted rows (their offsets are not committed, so they will be read again) and closes. */
    @Override
    public void close() {
        List<String> dropped = new ArrayList<>();
        for (Map<String, Lane> byTable : lanes.values()) {
            for (Lane lane : byTable.values()) {
                if (!lane.builder.isEmpty()) {
                    dropped.add(lane.builder.rowCount() + " rows");
                    metrics.buffered(-lane.builder.rowCount(), -lane.builder.byteSize());
                    lane.openLanesOfTable.decrementAndGet();
                }
                lane.lanesOfTable.decrementAndGet();
                budget.release(lane.builder.footprint());
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info("task of partition {} closed with unsubmitted rows {}; they are re-read after the last commit",
                    partition, dropped);
        }
        try {
            pipeline.flushLanded(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            pipeline.close();
        } finally {
            ledger.close();
        }
    }
}
