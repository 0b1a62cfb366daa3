package io.chute.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.chute.block.BlockId;

/**
 * A task's ledger under grouped inserts (topology-docs/GROUPED-INSERTS.md): there is no per-task writer to claim,
 * since every entry goes in the stream thread's Kafka Streams transaction, which the group generation fences; the
 * task's entries come from the instance's shared read. Any write through it is a programming error.
 */
public final class UnclaimedLedger implements IntentLedger {

    @Override
    public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
        throw refused("read");
    }

    @Override
    public void claim() {
        // nothing to fence: Streams' transactions are fenced by the group generation
    }

    @Override
    public int intent(BlockId id, int rows) {
        throw refused("INTENT of " + id.token());
    }

    @Override
    public int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords) {
        throw refused("LANDED of " + id.token());
    }

    private static IllegalStateException refused(String what) {
        return new IllegalStateException("grouped inserts write the ledger in Streams' transaction, not per task: "
                + what);
    }

    @Override
    public void close() {
        // holds nothing
    }
}
