package io.chute.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.chute.block.BlockId;

/**
 * Durable, fenced record of the insert protocol of one stream task: {@code intent} before a block's insert,
 * {@code landed} after it. Each call is durable when it returns. Each write returns how many ledger transactions
 * it committed itself: 0 when its entries rode in a transaction another call of the same ledger committed (group
 * commit), so summing the returns counts real transactions. Once a newer owner has {@link #open opened} the
 * same task's ledger, every call of the older owner throws {@link LedgerFencedException}.
 */
public interface IntentLedger extends AutoCloseable {

    /**
     * Fences older owners of this task, then reads the newest entry of every key.
     *
     * @return entries whose (topic, partition) is one of {@code inputs}, all tables
     */
    Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs);

    /**
     * Fences older owners of this task, without reading: {@link #open} is this plus a read. A read of the whole
     * ledger that starts after this returned sees everything an older owner committed, and no older owner commits
     * anything after it, so one such read can serve every task claimed before it (issue 10: a read per task cost
     * 256 Kafka consumers when 256 partitions were assigned).
     */
    void claim();

    /** Records that {@code id} is about to be inserted; returns the transactions it committed (0 or 1). */
    int intent(BlockId id, int rows);

    /**
     * Records that {@code id} has landed, writing {@code extraRecords} (e.g. dead letters of its bad rows)
     * atomically with it. Returns the transactions it committed (0 or 1).
     */
    int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords);

    /**
     * Records that {@code landed} (an earlier block of the same key as {@code next}) has landed, with its extra
     * records, and that {@code next} is about to be inserted: one transaction where the ledger supports it, so a
     * block costs one ledger transaction (issue 10). The newest entry of the key is then {@code next}'s INTENT,
     * which says everything of the key before its first offset landed. Returns the transactions it committed.
     */
    default int landedThenIntent(BlockId landed, List<ProducerRecord<byte[], byte[]>> extraRecords, BlockId next,
                                 int nextRows) {
        return landed(landed, extraRecords) + intent(next, nextRows);
    }

    @Override
    void close();
}
