package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.block.BlockLimits;
import io.chute.dlq.DeadLetterEncoder;
import io.chute.dlq.Reason;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.sink.BlockInserter;
import io.chute.sink.FatalSinkException;
import io.chute.sink.GroupInsertResult;
import io.chute.sink.InsertFaults;
import io.chute.state.LedgerCodec;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * Grouped inserts (topology-docs/GROUPED-INSERTS.md): the blocks a stream thread's lanes close go here, not to an
 * insert pipeline; at each commit of the thread, inside Streams' transaction, this commit's groups are formed
 * ({@link GroupCut}) from the lanes whose last group landed, and their GROUPED entries, with the LANDED entries of
 * groups that landed and the dead letters of rows ClickHouse refused, are sent through Streams' own producer; once
 * the transaction committed, the groups are inserted on the insert threads. One per instance, state per
 * stream thread (all of it touched by that thread only, except what inserts complete).
 */
public final class GroupedInserts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupedInserts.class);

    private final String ledgerTopic;
    private final BlockInserter inserter;
    private final Function<String, Executor> executors;
    private final DeadLetterEncoder deadLetters;
    private final ChuteMetrics metrics;
    private final BlockLimits limits;
    private final LongSupplier clock;
    private final InsertFaults faults;
    private final ProcessingPause pause;
    private final Map<Thread, ThreadState> threads = new ConcurrentHashMap<>();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private volatile boolean closed;

    public GroupedInserts(String ledgerTopic, BlockInserter inserter, Function<String, Executor> executors,
                          DeadLetterEncoder deadLetters, ChuteMetrics metrics, BlockLimits limits,
                          LongSupplier clock, InsertFaults faults, ProcessingPause pause) {
        this.ledgerTopic = ledgerTopic;
        this.inserter = inserter;
        this.executors = executors;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        this.faults = faults;
        this.pause = pause;
    }

    /** The instance's backpressure while blocks wait for a commit ({@link ProcessingPause}). */
    public ProcessingPause pause() {
        return pause;
    }

    /** A block a lane closed; completes once its group landed, or fails when it was dropped (never inserted). */
    CompletableFuture<Void> add(Block block) {
        ThreadState state = state();
        ThreadState.Pending pending = new ThreadState.Pending(block, new CompletableFuture<>());
        state.pending.add(pending);
        return pending.done();
    }

    /** A task of this thread closed: its blocks not yet in a commit are dropped (its rows are read again). */
    void dropPartition(int partition) {
        ThreadState state = state();
        for (Iterator<ThreadState.Pending> it = state.pending.iterator(); it.hasNext(); ) {
            ThreadState.Pending p = it.next();
            if (p.block().id().partition() == partition) {
                it.remove();
                p.done().completeExceptionally(new CancellationException("task of partition " + partition + " closed"));
            }
        }
        state.landed.keySet().removeIf(key -> key.partition() == partition);
    }

    /** Recovery of this thread's task settled a key: its LANDED goes in the thread's next commit. */
    void landedAtStart(LedgerKey key, LedgerEntry landed, List<ProducerRecord<byte[], byte[]>> letters) {
        ThreadState state = state();
        state.landed.put(key, landed);
        state.deadLetters.addAll(letters);
    }

    /** Bytes of the instance's groups inserting now: they free without another commit. */
    long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** Whether this thread has groups inserting: memory their blocks hold will free without a commit. */
    boolean inFlight() {
        ThreadState state = threads.get(Thread.currentThread());
        return state != null && state.inFlight.stream().anyMatch(f -> !f.done().isDone());
    }

    /**
     * The commit's steps before its offsets join the transaction (stream thread, transaction open): take the results
     * of the groups that landed, form this commit's groups, send the ledger records through {@code producer} and
     * flush them (so they are in the log before the offsets are validated against the group generation). A lane whose
     * last group is still inserting keeps its blocks for a later commit, its partition's offset held at their first
     * row ({@link ThreadState#busyLanes}): its ledger entry must not be replaced before that group landed, and
     * waiting for it would stall the thread for an insert.
     *
     * @param owned       the partitions of this thread's tasks: a LANDED of another partition is never written
     * @param deadLetters per source partition of those tasks, the offset of its last dead-lettered record
     * @return the offsets this commit must carry and hold
     */
    GroupCut.Cut beforeCommit(Producer<byte[], byte[]> producer, ConsumerGroupMetadata groupMetadata,
                              Set<Integer> owned, Map<TopicPartition, Long> deadLetters)
            throws InterruptedException {
        ThreadState state = state();
        state.producer = producer;
        state.groupMetadata = groupMetadata;
        dropCut(state, "its transaction failed"); // a cut whose commit never returned must not be inserted
        if (state.cutAll) { // memory pressure: every lane is cut, so every block's memory frees after this commit
            state.cutAll = false;
            awaitInFlight(state);
        }
        Map<LedgerKey, Long> busy = state.busyLanes(deadLetters);
        state.harvest();
        Set<Block> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Block> blocks = new ArrayList<>(state.pending.size());
        for (ThreadState.Pending p : state.pending) {
            (busy.containsKey(ThreadState.keyOf(p.block())) ? kept : blocks).add(p.block());
        }
        GroupCut.Cut formed = GroupCut.form(blocks, limits.maxRows(), limits.maxBytes());
        kept.addAll(formed.heldBack());
        Map<TopicPartition, Long> held = new HashMap<>(formed.held());
        busy.forEach((key, first) -> held.merge(new TopicPartition(key.topic(), key.partition()), first, Math::min));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<LedgerKey> grouped = cutGroups(state, formed.groups(), kept, records);
        state.landed.forEach((key, entry) -> {
            if (!grouped.contains(key) && owned.contains(key.partition())) {
                records.add(ledgerRecord(key, entry));
            }
        });
        state.landed.clear();
        records.addAll(state.deadLetters);
        state.deadLetters.clear();
        state.pending.removeIf(p -> !kept.contains(p.block()));
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record);
        }
        if (!records.isEmpty()) {
            producer.flush();
        }
        return new GroupCut.Cut(formed.groups(), formed.heldBack(), formed.ends(), held);
    }

    /** Adds this commit's groups to the thread's cut, their GROUPED entries to {@code records}; returns their keys. */
    private Set<LedgerKey> cutGroups(ThreadState state, List<BlockGroup> groups, Set<Block> kept,
                                     List<ProducerRecord<byte[], byte[]>> records) {
        long now = clock.getAsLong();
        Set<LedgerKey> grouped = new HashSet<>();
        for (BlockGroup group : groups) {
            Map<LedgerKey, LedgerEntry> entries = new HashMap<>();
            for (BlockGroup.Member member : group.members()) {
                LedgerKey key = new LedgerKey(group.table(), member.id().topic(), member.id().partition());
                LedgerEntry entry = LedgerEntry.grouped(group, member, now);
                entries.put(key, entry);
                grouped.add(key);
                records.add(ledgerRecord(key, entry));
            }
            List<ThreadState.Pending> members = new ArrayList<>();
            for (ThreadState.Pending p : state.pending) {
                if (!kept.contains(p.block()) && group.table().equals(p.block().id().table())
                        && entries.containsKey(ThreadState.keyOf(p.block()))) {
                    members.add(p);
                }
            }
            state.cut.add(new ThreadState.InFlight(group, entries, members));
        }
        return grouped;
    }

    /** Whether this thread's rows of {@code partition} wait for a commit, insert, or wait for their LANDED. */
    boolean unsettled(int partition) {
        return state().unsettled(partition);
    }

    /** Memory pressure: the thread's next commit waits for its groups inserting and cuts every lane. */
    void cutAllAtNextCommit() {
        state().cutAll = true;
    }

    /**
     * A task of this thread closes cleanly, right after the commit Streams makes before closing it: the thread's
     * landed groups get their LANDED entries now ({@link GroupCloseLanded}).
     */
    void landOnClose(Set<Integer> owned, ToLongFunction<TopicPartition> committed, Duration wait) {
        ThreadState state = threads.get(Thread.currentThread());
        if (state != null) {
            GroupCloseLanded.write(state, owned, committed, wait, this::ledgerRecord);
        }
    }

    /** The transaction committed: this commit's groups start inserting. */
    void afterCommit() {
        ThreadState state = threads.get(Thread.currentThread());
        if (state == null || state.cut.isEmpty()) {
            return;
        }
        for (ThreadState.InFlight group : state.cut) {
            state.inFlight.add(group);
            long footprint = group.group().footprint();
            inFlightBytes.addAndGet(footprint);
            long start = System.nanoTime();
            CompletableFuture.runAsync(() -> insert(group, start), executors.apply(group.group().table()))
                    .whenComplete((ignored, error) -> {
                        inFlightBytes.addAndGet(-footprint);
                        if (error == null) {
                            group.members().forEach(p -> p.done().complete(null));
                            group.done().complete(null);
                        } else {
                            group.members().forEach(p -> p.done().completeExceptionally(error));
                            group.done().completeExceptionally(error);
                        }
                    });
        }
        state.cut.clear();
    }

    /** The transaction aborted: this commit's groups are dropped, their rows are read again by the next owner. */
    void aborted() {
        ThreadState state = threads.get(Thread.currentThread());
        if (state == null) {
            return;
        }
        dropCut(state, "transaction aborted");
        state.pending.forEach(p -> p.done().completeExceptionally(new CancellationException("transaction aborted")));
        state.pending.clear();
        state.landed.clear();
        state.deadLetters.clear();
    }

    private static void dropCut(ThreadState state, String why) {
        for (ThreadState.InFlight group : state.cut) {
            group.members().forEach(p -> p.done().completeExceptionally(new CancellationException(why)));
        }
        state.cut.clear();
    }

    private void insert(ThreadState.InFlight group, long start) {
        try {
            GroupInsertResult result = inserter.insert(group.group(), () -> closed);
            faults.beforeLanded(group.group().anchor()); // test seam: a crash after the insert, before its LANDED
            List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
            for (GroupInsertResult.MemberInsert member : result.split()) {
                if (!member.result().badRows().isEmpty()) {
                    letters.addAll(deadLetters.encode(member.block(), member.result().badRows()));
                }
            }
            long now = clock.getAsLong();
            group.letters().addAll(letters);
            group.entries().forEach((key, entry) -> group.landed().put(key, entry.landed(now)));
            String table = group.group().table();
            result.retriesByCode().forEach((code, times) -> metrics.retried(table, code, times));
            // rows ClickHouse refused were counted valid at ingest; their dead letters are counted here
            for (int i = 0; i < result.badRowCount(); i++) {
                metrics.deadLettered(Reason.INSERT_REJECTED);
            }
            metrics.counter(ChuteMetric.GROUPS_INSERTED).increment();
            metrics.counter(ChuteMetric.GROUP_LANES).increment(group.group().members().size());
            long last = group.group().lastTimestamp();
            metrics.landed(group.group().table(), result.rowsInserted(), group.group().byteSize(),
                    System.nanoTime() - start, last <= 0 ? -1 : Math.max(0, now - last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalSinkException("interrupted while inserting " + group.group(), e);
        }
    }

    private static void awaitInFlight(ThreadState state) throws InterruptedException {
        for (ThreadState.InFlight group : state.inFlight) {
            ThreadState.await(group);
        }
        state.harvest();
    }

    ProducerRecord<byte[], byte[]> ledgerRecord(LedgerKey key, LedgerEntry entry) {
        return new ProducerRecord<>(ledgerTopic, key.encode(), LedgerCodec.encode(entry));
    }

    private ThreadState state() {
        return threads.computeIfAbsent(Thread.currentThread(), t -> new ThreadState());
    }

    /**
     * After Kafka Streams closed (its last commits cut their groups): waits up to {@code timeout} for every group
     * still inserting. Returns whether all landed; one that did not stays GROUPED in the ledger, and the next owner
     * re-forms it. Their LANDED entries are not written (no commit follows), so the next start re-inserts those
     * groups too, and ClickHouse drops them by token.
     */
    public boolean awaitLanded(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (ThreadState state : threads.values()) {
            for (ThreadState.InFlight group : List.copyOf(state.inFlight)) {
                try {
                    group.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    all = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return all;
    }

    /** Retries of groups still inserting stop; their entries stay GROUPED, so their next owner re-forms them. */
    @Override
    public void close() {
        closed = true;
        LOG.debug("grouped inserts closed");
    }
}
