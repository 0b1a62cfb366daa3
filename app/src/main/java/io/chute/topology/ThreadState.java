package io.chute.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.sink.FatalSinkException;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * One stream thread's state of grouped inserts ({@link GroupedInserts}): touched by that thread only. An insert
 * thread fills only its {@link InFlight}'s results, which the stream thread takes once the group completed
 * ({@link #harvest}: the completion orders them).
 */
final class ThreadState {
    /** A closed block and its completion (the memory budget gets its bytes back then). */
    record Pending(Block block, CompletableFuture<Void> done) {
    }

    /**
     * A group of one commit: its members' entries, the lane blocks it completes, and its own completion; once it
     * landed, its LANDED entries and the dead letters of rows ClickHouse refused (written before {@code done}).
     */
    record InFlight(BlockGroup group, Map<LedgerKey, LedgerEntry> entries, List<Pending> members,
                    CompletableFuture<Void> done, Map<LedgerKey, LedgerEntry> landed,
                    List<ProducerRecord<byte[], byte[]>> letters) {
        InFlight(BlockGroup group, Map<LedgerKey, LedgerEntry> entries, List<Pending> members) {
            this(group, entries, members, new CompletableFuture<>(), new HashMap<>(), new ArrayList<>());
        }
    }

    /** Closed blocks no commit took yet. */
    final List<Pending> pending = new ArrayList<>();
    /** Groups of the commit under way, inserted once it committed. */
    final List<InFlight> cut = new ArrayList<>();
    /** Groups of earlier commits, inserting or not yet harvested. */
    final List<InFlight> inFlight = new ArrayList<>();
    /** The thread's Streams producer and the group metadata of its last commit. */
    Producer<byte[], byte[]> producer;
    ConsumerGroupMetadata groupMetadata;
    /** Keys whose group landed: their LANDED goes in the next commit. */
    final Map<LedgerKey, LedgerEntry> landed = new HashMap<>();
    final List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    /** Memory pressure asked for the next commit: it waits for every group inserting and cuts every lane. */
    boolean cutAll;

    /**
     * Takes the results of the groups that completed: their LANDED entries and dead letters go in the next commit.
     *
     * @throws FatalSinkException (or the insert's own runtime failure) for a group that failed
     */
    void harvest() {
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight group = it.next();
            if (!group.done().isDone()) {
                continue;
            }
            rethrowFailure(group);
            landed.putAll(group.landed());
            deadLetters.addAll(group.letters());
            it.remove();
        }
    }

    /**
     * The lanes with blocks waiting whose last group is still inserting, each with the first offset of its waiting
     * blocks, where the commit may hold their partition there. It may not when a record of that partition at or
     * after that offset was dead-lettered ({@code deadLetters}: per partition, the last one) (this transaction carries its dead letter, and a crash would re-read and
     * dead-letter it again): that group is awaited, and the lane cut.
     */
    Map<LedgerKey, Long> busyLanes(Map<TopicPartition, Long> deadLetters) throws InterruptedException {
        Map<LedgerKey, Long> firstWaiting = new HashMap<>();
        for (Pending p : pending) {
            firstWaiting.merge(keyOf(p.block()), p.block().firstOffset(), Math::min);
        }
        Map<LedgerKey, Long> busy = new HashMap<>();
        for (InFlight group : inFlight) {
            if (group.done().isDone()) {
                continue;
            }
            boolean mayHold = true;
            for (LedgerKey key : group.entries().keySet()) {
                Long first = firstWaiting.get(key);
                mayHold &= first == null || deadLetters.getOrDefault(
                        new TopicPartition(key.topic(), key.partition()), -1L) < first;
            }
            if (!mayHold) {
                await(group);
                continue;
            }
            for (LedgerKey key : group.entries().keySet()) {
                Long first = firstWaiting.get(key);
                if (first != null) {
                    busy.put(key, first);
                }
            }
        }
        return busy;
    }

    /** Whether rows of {@code partition} wait for a commit, insert, or wait for their LANDED entry. */
    boolean unsettled(int partition) {
        return pending.stream().anyMatch(p -> p.block().id().partition() == partition)
                || inFlight.stream().anyMatch(g -> g.entries().keySet().stream()
                        .anyMatch(k -> k.partition() == partition))
                || landed.keySet().stream().anyMatch(k -> k.partition() == partition);
    }

    static LedgerKey keyOf(Block block) {
        return new LedgerKey(block.id().table(), block.id().topic(), block.id().partition());
    }

    /** Waits until {@code group} completed; throws its failure. */
    static void await(InFlight group) throws InterruptedException {
        try {
            group.done().get();
        } catch (ExecutionException e) {
            rethrowFailure(group);
        }
    }

    private static void rethrowFailure(InFlight group) {
        if (!group.done().isCompletedExceptionally()) {
            return;
        }
        try {
            group.done().join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CompletionException c && c.getCause() != null) {
                cause = c.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FatalSinkException("insert of " + group.group() + " failed", cause);
        }
    }
}
