package io.chute.topology;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.StreamsException;

import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/**
 * Lets the offset commit of a stream thread wait until that thread's buffered rows are durably in ClickHouse.
 *
 * <p>Kafka Streams commits from the stream thread that owns the tasks: {@code consumer.commitSync} under
 * at_least_once, {@code producer.commitTransaction} under exactly_once_v2. {@link CommitHookClientSupplier}
 * wraps both to call {@link #beforeCommit()}. This is invariant 1 of topology-docs/DESIGN.md: no offset is
 * committed while a record at or below it is buffered.
 *
 * <p>Two phases: every task of the thread first submits its open blocks, then the barrier waits for all of them.
 * The blocks of all tasks are in flight together, so a commit waits for the slowest insert, not for the sum of the
 * tasks' inserts (64 tasks one after the other at ~150 ms each would stall the thread ~10 s per commit).
 */
public final class CommitBarrier {
    /** A task-level owner of buffered rows, called on its stream thread. */
    public interface Participant {
        /**
         * Submits the open blocks (does not wait); with {@code mayHold} it may keep some open across the commit and
         * report them through {@link #heldOffsets}.
         */
        void submitOpen(boolean mayHold);

        /** Adds, per source partition of the task with open blocks, the first offset of its oldest open block. */
        void heldOffsets(Map<TopicPartition, Long> out);

        /**
         * Adds, per source partition of the task, the offset of the last record it dead-lettered: a grouped commit
         * must not hold the partition below it (a crash would dead-letter the record twice).
         */
        void deadLetters(Map<TopicPartition, Long> out);

        /**
         * Returns only when every block submitted so far landed, except, with {@code mayHold}, in-flight blocks the
         * commit holds its offset below instead (reported through {@link #heldOffsets}).
         *
         * @throws RuntimeException when landing is impossible (fenced, fatal sink error): the commit must not happen
         */
        void awaitLanded(boolean mayHold);

        /** Adds, per source partition of the task it has read, its open blocks and the records it has left. */
        void loads(Map<TopicPartition, SourceLoad> out);

        /** Footprint in bytes of the largest open block; 0 when none is open. */
        long largestOpenBytes();

        /**
         * Submits the largest open block (memory pressure), maybe with others of the task that go with it; returns
         * what it submitted, {@link EarlyBlocks#NONE} when no block is open.
         */
        EarlyBlocks submitLargest();

        /**
         * The thread's punctuation ({@link ThreadPunctuation}): submits the blocks whose linger passed. Never throws
         * a failure of the task's blocks: the task raises it itself, in its own processing or commit.
         */
        void punctuate();

        /** The task's partition (task {@code 0_p} reads partition p of every source topic); -1 when none. */
        default int partition() {
            return -1;
        }
    }

    private final Map<Thread, Set<Participant>> byThread = new ConcurrentHashMap<>();
    private final Timer commitWait;
    /** Per source partition: the highest offset known durably committed by this instance's view (issue 10). */
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    /** Per source partition: the stable committed offset the main consumer fetched last (task start). */
    private final Map<TopicPartition, Long> fetched = new ConcurrentHashMap<>();
    /**
     * Whether a task's start sees its committed offsets: only through chute's main consumer. Without it (KIP-1071's
     * protocol builds its own) recovery could not tell a landed INTENT from an interrupted one, so none is dropped.
     */
    private volatile boolean committedFetchHooked;
    /** Whether every stream thread's main consumer punctuates its tasks ({@link ThreadPunctuation}). */
    private volatile boolean threadPunctuation;
    /** Grouped inserts (topology-docs/GROUPED-INSERTS.md), or null: every lane inserts its own blocks. */
    private final GroupedInserts grouped;

    public CommitBarrier(ChuteMetrics metrics) {
        this(metrics, null);
    }

    public CommitBarrier(ChuteMetrics metrics, GroupedInserts grouped) {
        this.grouped = grouped;
        commitWait = Timer.builder(ChuteMetric.COMMIT_WAIT.metricName()).description(ChuteMetric.COMMIT_WAIT.doc())
                .publishPercentileHistogram().register(metrics.registry());
    }

    /** The partitions of the calling thread's tasks. */
    Set<Integer> ownedPartitions() {
        Set<Integer> owned = new HashSet<>();
        for (Participant participant : participants()) {
            owned.add(participant.partition());
        }
        return owned;
    }

    /** Called by a task on its stream thread (processor init). */
    public void register(Participant participant) {
        byThread.computeIfAbsent(Thread.currentThread(), t -> ConcurrentHashMap.newKeySet()).add(participant);
    }

    public void unregister(Participant participant) {
        byThread.values().forEach(set -> set.remove(participant));
    }

    /** Lands every open block of the calling thread's tasks; runs inside the wrapped commit, before it is delegated. */
    public void beforeCommit() {
        beforeCommit(false);
    }

    /**
     * Lands the calling thread's open blocks, except, with {@code mayHold}, blocks its tasks keep open or in flight
     * across the commit (see {@code TaskSinks#submitForCommit} and {@code TaskSinks#awaitForCommit}). Returns, per
     * source partition holding such blocks, the offset to commit instead of the consumed one: the first offset of
     * its oldest one. Committing a lower offset is always safe: re-read rows of landed blocks are skipped by the
     * ledger marks (invariant 4), those of an in-flight block are re-formed from its INTENT.
     */
    public Map<TopicPartition, Long> beforeCommit(boolean mayHold) {
        Participant[] participants = participants();
        if (participants.length == 0) {
            return Map.of();
        }
        long start = System.nanoTime();
        for (Participant participant : participants) {
            participant.submitOpen(mayHold);
        }
        for (Participant participant : participants) {
            participant.awaitLanded(mayHold);
        }
        Map<TopicPartition, Long> held = new HashMap<>();
        if (mayHold) {
            for (Participant participant : participants) {
                participant.heldOffsets(held);
            }
        }
        commitWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return held;
    }

    /** Grouped inserts, or null when each lane inserts its own blocks. */
    public GroupedInserts grouped() {
        return grouped;
    }

    /**
     * A commit under grouped inserts, before its offsets join the transaction: every task of the calling thread
     * closes its lanes, then {@link GroupedInserts#beforeCommit} forms this commit's groups of the lanes whose
     * last group landed and sends their ledger entries through {@code producer}. Returns the offsets the commit must carry and hold.
     */
    GroupCut.Cut beforeGroupedCommit(Producer<byte[], byte[]> producer, ConsumerGroupMetadata groupMetadata) {
        long start = System.nanoTime();
        Map<TopicPartition, Long> deadLetters = new HashMap<>();
        for (Participant participant : participants()) {
            participant.submitOpen(false);
            participant.deadLetters(deadLetters);
        }
        Set<Integer> owned = ownedPartitions();
        try {
            GroupCut.Cut cut = grouped.beforeCommit(producer, groupMetadata, owned, deadLetters);
            commitWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return cut;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted while awaiting grouped inserts", e);
        }
    }

    /**
     * Records offsets that are durably committed: a commit that returned ({@code commitSync}, or
     * {@code commitTransaction} after {@code sendOffsetsToTransaction}). Every row below such an offset landed
     * (invariant 1); the higher value wins, since committed offsets only grow while instances run ({@code chute
     * replay} moves them only with every instance stopped, and a task's start fetches them anew: {@link #fetched}).
     */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                committed.merge(tp, offset.offset(), Math::max);
            }
        });
    }

    /** The main consumer reports its committed-offset fetches here ({@link #fetched}). */
    void hookCommittedFetch() {
        committedFetchHooked = true;
    }

    /**
     * Records the group's stable committed offsets as the main consumer fetched them at a task's start (a partition
     * without one: none). They replace what this process knew of those partitions, so nothing here outlives a
     * {@code chute replay} that ran while this process was out of the group; recovery reads them
     * ({@link #fetchedOffset}).
     */
    void fetched(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> {
            if (offset == null) {
                fetched.remove(tp);
                committed.remove(tp);
            } else {
                fetched.put(tp, offset.offset());
                committed.put(tp, offset.offset());
            }
        });
    }

    /** The committed offset of {@code tp} the main consumer fetched last (for a task's start); -1 when none. */
    public long fetchedOffset(TopicPartition tp) {
        return committedFetchHooked ? fetched.getOrDefault(tp, -1L) : -1L;
    }

    /** The highest durably committed offset of {@code tp} known here; -1 when none or when fetches are not hooked. */
    public long committedOffset(TopicPartition tp) {
        return committedFetchHooked ? committed.getOrDefault(tp, -1L) : -1L;
    }

    /**
     * Memory pressure: submits the largest open block among the calling thread's tasks (only the owning thread may
     * touch a task's blocks) when its footprint is at least {@code atLeast} bytes. Returns what was submitted,
     * {@link EarlyBlocks#NONE} when none; the task may submit sibling lanes with it ({@link TaskSinks#submitLargest}).
     * Scans every task of the thread: callers keep it off the per-record path.
     */
    EarlyBlocks submitLargestOpenBlock(long atLeast) {
        Participant largest = null;
        long largestBytes = 0;
        for (Participant participant : participants()) {
            long bytes = participant.largestOpenBytes();
            if (bytes > largestBytes) {
                largest = participant;
                largestBytes = bytes;
            }
        }
        return largest != null && largestBytes >= Math.max(1, atLeast) ? largest.submitLargest() : EarlyBlocks.NONE;
    }

    /** Every main consumer runs a {@link ThreadPunctuation}: tasks then schedule no punctuator of their own. */
    void hookThreadPunctuation() {
        threadPunctuation = true;
    }

    /** Whether the stream threads punctuate their tasks ({@link #hookThreadPunctuation}). */
    boolean threadsPunctuate() {
        return threadPunctuation;
    }

    /** {@link Participant#punctuate} of the calling thread's tasks. */
    void punctuate() {
        for (Participant participant : participants()) {
            participant.punctuate();
        }
    }

    /** {@link Participant#loads} of the calling thread's tasks (the fetch gate of its main consumer). */
    Map<TopicPartition, SourceLoad> loads() {
        Map<TopicPartition, SourceLoad> out = new HashMap<>();
        for (Participant participant : participants()) {
            participant.loads(out);
        }
        return out;
    }

    private Participant[] participants() {
        Set<Participant> participants = byThread.get(Thread.currentThread());
        return participants == null ? new Participant[0] : participants.toArray(new Participant[0]);
    }

    /** Tasks of the calling stream thread. */
    int participantsOfThisThread() {
        Set<Participant> participants = byThread.get(Thread.currentThread());
        return participants == null ? 0 : participants.size();
    }

    int participantCount() {
        return byThread.values().stream().mapToInt(Set::size).sum();
    }
}
