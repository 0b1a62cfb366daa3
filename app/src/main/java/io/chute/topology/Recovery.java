package io.chute.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockId;
import io.chute.block.BlockLimits;
import io.chute.dlq.DeadLetter;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.metrics.ChuteMetric;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.RecoveryPlan;

/**
 * Re-forms a block the ledger holds as INTENT (the previous owner died or was fenced between intent and landed) from
 * the source partition, with the same rows and the same token, so ClickHouse drops it if the first insert had
 * landed. Dead letters are not produced here: records in the range are read again by the stream itself, which
 * dead-letters the invalid ones; only valid rows of the entry's table matter here.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final BlockLimits UNBOUNDED = new BlockLimits(Integer.MAX_VALUE, Integer.MAX_VALUE - 16,
            Long.MAX_VALUE / 4, 1);

    private final ChuteDeps deps;
    private final RowPipeline rows;

    Recovery(ChuteDeps deps, RowPipeline rows) {
        this.deps = deps;
        this.rows = rows;
    }

    void reinsert(RecoveryPlan plan, TaskSinks sinks) {
        LedgerKey key = plan.key();
        LedgerEntry entry = plan.entry();
        TopicPartition tp = new TopicPartition(key.topic(), key.partition());
        BlockBuilder builder = new BlockBuilder(deps.config().dedupNamespace(), key.table(), key.topic(),
                key.partition(), UNBOUNDED, deps.clock());
        RowBinaryBuffer row = new RowBinaryBuffer(4096);
        try {
            for (ConsumerRecord<byte[], byte[]> record : deps.fetcher().fetch(tp, entry.firstOffset(),
                    entry.lastOffset())) {
                RowPipeline.Outcome outcome = rows.evaluate(record.topic(), record.value());
                if (outcome.rejected() || !outcome.tables().contains(key.table())) {
                    continue;
                }
                row.clear();
                DeadLetter failure = rows.encode(key.table(), outcome.valid(), row);
                if (failure == null) {
                    // rows of one interrupted block share a column list: the ALTER that changes it cuts blocks
                    builder.columns(rows.columns(key.table()));
                    builder.append(record.offset(), row.array(), 0, row.size());
                }
            }
            if (builder.isEmpty()) {
                LOG.error("cannot re-form interrupted block {}: no rows readable in {} [{}, {}] (retention?)",
                        entry.token(), tp, entry.firstOffset(), entry.lastOffset());
                return;
            }
            long footprint = builder.footprint();
            Block block = builder.build();
            if (!block.token().equals(entry.token()) || block.rowCount() != entry.rows()) {
                LOG.warn("re-formed block {} has {} rows, the ledger recorded {} rows as {}; re-inserting under the "
                        + "ledger's token", block.token(), block.rowCount(), entry.rows(), entry.token());
                block = block.reidentified(new BlockId(deps.config().dedupNamespace(), key.table(), key.topic(),
                        key.partition(), entry.firstOffset(), entry.lastOffset()));
            }
            LOG.info("re-inserting interrupted block {} ({} rows)", block.token(), block.rowCount());
            deps.metrics().counter(ChuteMetric.BLOCKS_RECOVERED).increment();
            sinks.submitFormed(block, footprint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.streams.errors.StreamsException("interrupted during recovery", e);
        }
    }
}
