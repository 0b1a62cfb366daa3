package io.chute.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.chute.state.LedgerFencedException;

/**
 * exactly_once_v2: rows land before the offsets join the transaction, so a transaction that carried no dead
 * letters is not even open on the broker while inserts wait out a ClickHouse outage (it cannot time out), and
 * no pending offset blocks the next owner's offset fetch; the hook on commitTransaction is the backstop.
 */
final class HookedProducer extends KafkaProducer<byte[], byte[]> {
    private final CommitBarrier barrier;
    /** Offsets sent to the open transaction (stream thread only): committed when it commits. */
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();

    HookedProducer(Map<String, Object> config, CommitBarrier barrier) {
        super(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.barrier = barrier;
    }

    private Map<TopicPartition, Long> landBeforeCommit(boolean mayHold) {
        try {
            return barrier.beforeCommit(mayHold);
        } catch (LedgerFencedException e) {
            throw CommitHookClientSupplier.fenced(new ProducerFencedException(e.getMessage()), e);
        }
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        Map<TopicPartition, OffsetAndMetadata> sent = barrier.grouped() != null ? grouped(offsets, groupMetadata)
                : CommitHookClientSupplier.held(offsets, landBeforeCommit(true));
        super.sendOffsetsToTransaction(sent, groupMetadata);
        pendingOffsets.putAll(sent);
    }

    /**
     * Grouped inserts: the commit cuts the thread's groups and sends their ledger entries in this transaction;
     * every partition with rows in a group is in the offsets (Streams leaves out a task with nothing new to
     * commit), and the ledger records are flushed before the offsets are sent, so they precede the group
     * generation's check (GROUPED-INSERTS.md, Fencing).
     */
    private Map<TopicPartition, OffsetAndMetadata> grouped(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                           ConsumerGroupMetadata groupMetadata) {
        GroupCut.Cut cut;
        try {
            cut = barrier.beforeGroupedCommit(this, groupMetadata);
        } catch (LedgerFencedException e) {
            throw CommitHookClientSupplier.fenced(new ProducerFencedException(e.getMessage()), e);
        }
        Map<TopicPartition, OffsetAndMetadata> all = new HashMap<>(offsets);
        cut.ends().forEach((tp, end) -> all.putIfAbsent(tp, new OffsetAndMetadata(end)));
        return CommitHookClientSupplier.held(all, cut.held());
    }

    @Override
    public void commitTransaction() {
        GroupedInserts grouped = barrier.grouped();
        if (grouped == null) {
            landBeforeCommit(true); // no offsets here: a block kept open holds nothing back
        }
        super.commitTransaction();
        barrier.committed(pendingOffsets); // durable now: deferred LANDEDs below them need no write
        pendingOffsets.clear();
        if (grouped != null) {
            grouped.afterCommit(); // the groups' entries are durable: they may land now
        }
    }

    @Override
    public void abortTransaction() {
        pendingOffsets.clear();
        if (barrier.grouped() != null) {
            barrier.grouped().aborted();
        }
        super.abortTransaction();
    }

    /**
     * A transaction of ledger records and offsets alone, without the commit hooks (grouped inserts' LANDED entries at
     * a task's close, {@code GroupCloseLanded}): the offsets carry the group metadata, so a member that left the
     * group is fenced. Stream thread only, when no transaction of Streams' is open (else it throws and sends
     * nothing); a failure after it began aborts it.
     */
    void ledgerTransaction(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                           ConsumerGroupMetadata groupMetadata) {
        super.beginTransaction();
        try {
            records.forEach(this::send);
            super.sendOffsetsToTransaction(offsets, groupMetadata);
            super.commitTransaction();
        } catch (RuntimeException e) {
            try {
                super.abortTransaction();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
