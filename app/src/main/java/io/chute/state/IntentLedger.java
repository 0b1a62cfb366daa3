package io.chute.state;

import io.chute.block.BlockId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Durable, fenced record of the insert protocol of one stream task: {@code intent} before a block's insert,
 * {@code landed} after it. Each call is durable when it returns. Once a newer owner has {@link #open opened} the
 * same task's ledger, every call of the older owner throws {@link LedgerFencedException}.
 */
public interface IntentLedger extends AutoCloseable {

    /**
     * Fences older owners of this task, then reads the newest entry of every key.
     *
     * @return entries whose (topic, partition) is one of {@code inputs}, all tables
     */
    Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs);

    /** Records that {@code id} is about to be inserted. */
    void intent(BlockId id, int rows);

    /**
     * Records that {@code id} has landed, writing {@code extraRecords} (e.g. dead letters of its bad rows)
     * atomically with it.
     */
    void landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords);

    @Override
    void close();
}
