package io.chute.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * One stream thread's state of grouped inserts ({@link GroupedInserts}): touched by that thread only, except
 * {@code landed} and {@code deadLetters}, which inserts also write (concurrent collections).
 */
final class ThreadState {
    /** A closed block and its completion (the memory budget gets its bytes back then). */
    record Pending(Block block, CompletableFuture<Void> done) {
    }

    /** A group of one commit: its members' entries, the lane blocks it completes, and its own completion. */
    record InFlight(BlockGroup group, Map<LedgerKey, LedgerEntry> entries, List<Pending> members,
                    CompletableFuture<Void> done) {
    }

    /** Closed blocks no commit took yet. */
    final List<Pending> pending = new ArrayList<>();
    /** Groups of the commit under way, inserted once it committed. */
    final List<InFlight> cut = new ArrayList<>();
    /** Groups of the last commit, inserting. */
    final List<InFlight> inFlight = new ArrayList<>();
    /** The thread's Streams producer and the group metadata of its last commit. */
    Producer<byte[], byte[]> producer;
    ConsumerGroupMetadata groupMetadata;
    /** Keys whose group landed: their LANDED goes in the next commit. */
    final Map<LedgerKey, LedgerEntry> landed = new ConcurrentHashMap<>();
    final List<ProducerRecord<byte[], byte[]>> deadLetters = Collections.synchronizedList(new ArrayList<>());
}
