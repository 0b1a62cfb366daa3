package io.chute.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;

/**
 * Keeps blocks large when the memory budget cannot hold a growing block for every lane (issue 10). A stream thread
 * takes records of all its partitions in turn, so without it every lane grows evenly until the budget's soft limit,
 * where memory pressure cuts them all early and small: 256 partitions in a 153 MB budget made 2,300-row blocks
 * (40% cut early), 256 partitions x 3 tables 365-1,100-row blocks, each an INSERT and a part. Before each poll (at
 * most every {@value #TICK_MILLIS} ms) the gate projects what each source partition will still add to its lanes
 * (its records behind times its bytes per record, at most full blocks: {@link SourceLoad#growth}) and lets the
 * main consumer fetch only the partitions whose growth fits under the soft limit, the fullest blocks first (they
 * finish first), held partitions before others of the same size (they waited); the rest are paused in the
 * consumer and resumed once landed blocks make room. So a backlog is taken a budget's worth of partitions at a
 * time, each to a full block or its end.
 *
 * <p>It never stops the records: a partition whose growth is unknown or zero (caught up, live) is never held, and
 * the first {@value #MIN_FETCHING} partitions that need room are let through even when none is left (their records
 * then meet memory pressure as before, which cuts blocks early or waits), so at a few partitions nothing changes. Kafka Streams pauses partitions itself (full queues, tasks
 * restoring): those pauses are kept apart, and a Streams resume does not resume a held partition.
 *
 * <p>Pausing only delays fetches: offsets, commits and blocks are unchanged (a held partition's open block is held
 * by commits like any open block). One per main consumer, confined to its stream thread.
 */
final class FetchGate {
    /**
     * How often the gate re-decides. A decision scans and sorts the thread's tasks: every 10 ms it took a tenth of
     * the stream thread at 256 partitions (JFR), while blocks land tens of milliseconds apart there.
     */
    static final long TICK_MILLIS = 50;
    /**
     * Partitions that need room let through whatever the room: a stream thread fed by fewer waits on fetches (the
     * consumer fetches a partition again only once its last fetch was taken, at most max.partition.fetch.bytes) and
     * keeps fewer inserts in flight. Holding 2 of 4 partitions x 3 tables (48 MB of blocks each) halved that rate.
     */
    static final int MIN_FETCHING = 4;
    private static final long LOG_EVERY_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(FetchGate.class);

    /** The main consumer's own pause and resume (not the ones Streams calls, which come through the gate). */
    interface Pauses {
        void pause(Collection<TopicPartition> partitions);

        void resume(Collection<TopicPartition> partitions);
    }

    private final Pauses consumer;
    private final MemoryBudget budget;
    private final long blockMaxBytes;
    private final Supplier<Map<TopicPartition, SourceLoad>> loads;
    private final LongSupplier clockMillis;
    private final AtomicInteger heldOnInstance;
    private final Counter pauses;
    private final boolean enabled;
    private final Set<TopicPartition> pausedByStreams = new HashSet<>();
    /** Held partitions, by the decision that held them (earlier ones go first among equals). */
    private final Map<TopicPartition, Long> held = new LinkedHashMap<>();
    private long decisions;
    private long nextTick;
    private long lastLog = -LOG_EVERY_MILLIS;

    /** @param loads the stream thread's {@link CommitBarrier#loads()} */
    FetchGate(Pauses consumer, Supplier<Map<TopicPartition, SourceLoad>> loads, CommitHookClientSupplier.Gates gates) {
        this.consumer = consumer;
        this.budget = gates.instance().budget();
        this.blockMaxBytes = gates.blockMaxBytes();
        this.loads = loads;
        this.clockMillis = gates.clockMillis();
        this.heldOnInstance = gates.instance().fetchPaused();
        this.pauses = gates.pauses();
        this.enabled = gates.enabled();
    }

    /** Kafka Streams pauses {@code partitions}. */
    void pausedByStreams(Collection<TopicPartition> partitions) {
        pausedByStreams.addAll(partitions);
        consumer.pause(partitions);
    }

    /** Kafka Streams resumes {@code partitions}: all but the held ones resume. */
    void resumedByStreams(Collection<TopicPartition> partitions) {
        pausedByStreams.removeAll(partitions);
        List<TopicPartition> resumed = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            if (!held.containsKey(tp)) {
                resumed.add(tp);
            }
        }
        if (!resumed.isEmpty()) {
            consumer.resume(resumed);
        }
    }

    /** The partitions left the consumer (revoked, lost): their pauses went with them. */
    void forget(Collection<TopicPartition> partitions) {
        pausedByStreams.removeAll(partitions);
        int before = held.size();
        held.keySet().removeAll(partitions);
        heldOnInstance.addAndGet(held.size() - before);
    }

    /** Before each poll: re-decides which of {@code assigned} to hold, at most every {@value #TICK_MILLIS} ms. */
    void beforePoll(Supplier<Set<TopicPartition>> assigned) {
        if (!enabled) {
            return;
        }
        long now = clockMillis.getAsLong();
        if (now < nextTick) {
            return;
        }
        nextTick = now + TICK_MILLIS;
        Set<TopicPartition> assignment = assigned.get();
        forget(held.keySet().stream().filter(tp -> !assignment.contains(tp)).toList());
        long room = budget.softLimit() - budget.used();
        apply(toHold(assignment, loads.get(), room, blockMaxBytes, held), now, room);
    }

    int heldCount() {
        return held.size();
    }

    private void apply(Set<TopicPartition> hold, long now, long room) {
        List<TopicPartition> released = new ArrayList<>();
        for (TopicPartition tp : held.keySet()) {
            if (!hold.contains(tp) && !pausedByStreams.contains(tp)) {
                released.add(tp);
            }
        }
        int before = held.size();
        held.keySet().retainAll(hold);
        List<TopicPartition> newlyHeld = new ArrayList<>();
        decisions++;
        for (TopicPartition tp : hold) {
            if (held.putIfAbsent(tp, decisions) == null) {
                newlyHeld.add(tp);
            }
        }
        heldOnInstance.addAndGet(held.size() - before);
        if (!released.isEmpty()) {
            consumer.resume(released);
        }
        if (!newlyHeld.isEmpty()) {
            consumer.pause(newlyHeld);
            pauses.increment(newlyHeld.size());
            if (now - lastLog >= LOG_EVERY_MILLIS) {
                lastLog = now;
                LOG.info("memory budget: fetching of {} source partitions paused until landed blocks make room ({} "
                        + "bytes left under the soft limit): the others fill whole blocks first (counted in {})",
                        held.size(), Math.max(0, room),
                        ChuteMetric.PARTITIONS_PAUSED_MEMORY.metricName());
            }
        }
    }

    /**
     * The partitions of {@code assigned} to hold: in order of open bytes (most first), then of {@code heldSince}
     * (held earlier first, never held last), each partition whose growth fits in what is left of {@code room} is
     * let through and takes its share; the first {@value #MIN_FETCHING} that need room always are; those with no
     * known growth always are.
     * Nothing is held before any block has rows (no bytes per record to project with).
     */
    static Set<TopicPartition> toHold(Collection<TopicPartition> assigned, Map<TopicPartition, SourceLoad> loads,
                                      long room, long blockMaxBytes, Map<TopicPartition, Long> heldSince) {
        long bytes = 0;
        long records = 0;
        for (SourceLoad load : loads.values()) {
            if (load.openRecords() > 0) {
                bytes += load.openBytes();
                records += load.openRecords();
            }
        }
        if (records == 0) {
            return Set.of();
        }
        double perRecord = (double) bytes / records;
        List<TopicPartition> order = new ArrayList<>(assigned);
        order.sort(Comparator.<TopicPartition>comparingLong(tp -> -openBytes(loads.get(tp)))
                .thenComparingLong(tp -> heldSince.getOrDefault(tp, Long.MAX_VALUE))
                .thenComparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Set<TopicPartition> hold = new HashSet<>();
        long left = room;
        int through = 0;
        for (TopicPartition tp : order) {
            SourceLoad load = loads.get(tp);
            long growth = load == null ? 0 : load.growth(blockMaxBytes, perRecord);
            if (growth == 0) {
                continue;
            }
            if (through < MIN_FETCHING || growth <= left) {
                through++;
                left -= growth;
            } else {
                hold.add(tp);
            }
        }
        return hold;
    }

    private static long openBytes(SourceLoad load) {
        return load == null ? 0 : load.openBytes();
    }
}
