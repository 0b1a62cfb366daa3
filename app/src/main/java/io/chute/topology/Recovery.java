package io.chute.topology;

import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockId;
import io.chute.block.BlockLimits;
import io.chute.dlq.DeadLetter;
import io.chute.dlq.DeadLetterEncoder;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.metrics.ChuteMetric;
import io.chute.sink.InsertResult;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;
import io.chute.state.RecoveryPlan;

/**
 * Re-forms a block the ledger holds as INTENT (the previous owner died or was fenced between intent and landed) from
 * the source partition, with the same rows and the same token, so ClickHouse drops it if the first insert had
 * landed. Dead letters are not produced here: records in the range are read again by the stream itself, which
 * dead-letters the invalid ones; only valid rows of the entry's table matter here. Under grouped inserts the block
 * is inserted at once and its LANDED goes in the thread's next commit (a block handed to the task's sink would
 * join a group, under another token). Grouped entries: {@link GroupReform}.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final ChuteDeps deps;
    private final RowPipeline rows;
    private final StaleBlocks stale;

    Recovery(ChuteDeps deps, RowPipeline rows) {
        this.deps = deps;
        this.rows = rows;
        this.stale = new StaleBlocks(deps);
    }

    void reinsert(RecoveryPlan plan, TaskSinks sinks, DeadLetterEncoder deadLetters) {
        LedgerKey key = plan.key();
        LedgerEntry entry = plan.entry();
        Set<Long> landed = stale.landedOfStale(key, entry, null);
        try {
            Block block = reform(key, entry.firstOffset(), entry.lastOffset(), landed);
            if (landed != null) {
                stale.insertMissing(entry, block, landed.size());
                return;
            }
            if (block == null) {
                LOG.error("cannot re-form interrupted block {}: no rows readable in {}-{} [{}, {}] (retention?)",
                        entry.token(), key.topic(), key.partition(), entry.firstOffset(), entry.lastOffset());
                return;
            }
            BlockId recorded = new BlockId(deps.config().dedupNamespace(), key.table(), key.topic(), key.partition(),
                    entry.firstOffset(), entry.lastOffset());
            if (!block.token().equals(entry.token()) || block.rowCount() != entry.rows()) {
                LOG.warn("re-formed block {} has {} rows, the ledger recorded {} rows as {}; re-inserting under the "
                        + "ledger's token", block.token(), block.rowCount(), entry.rows(), entry.token());
                block = block.reidentified(recorded);
            }
            LOG.info("re-inserting interrupted block {} ({} rows)", block.token(), block.rowCount());
            deps.metrics().counter(ChuteMetric.BLOCKS_RECOVERED).increment();
            GroupedInserts grouped = deps.barrier().grouped();
            if (grouped == null) {
                sinks.submitFormed(block, block.footprint());
                return;
            }
            InsertResult result = deps.inserts().inserter().insert(block);
            List<ProducerRecord<byte[], byte[]>> letters = result.badRows().isEmpty() ? List.of()
                    : deadLetters.encode(block, result.badRows());
            grouped.landedAtStart(key, LedgerEntry.of(LedgerState.LANDED, recorded, block.rowCount(),
                    deps.time().milliseconds()), letters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted during recovery", e);
        }
    }

    /**
     * The valid rows of {@code key}'s table in {@code [first, last]} of its source partition, except the offsets in
     * {@code skip} (null: none), as one block of the key's identity over the rows found; null when none is readable.
     */
    Block reform(LedgerKey key, long first, long last, Set<Long> skip) throws InterruptedException {
        TopicPartition tp = new TopicPartition(key.topic(), key.partition());
        BlockBuilder builder = new BlockBuilder(deps.config().dedupNamespace(), key.table(), key.topic(),
                key.partition(), BlockLimits.UNBOUNDED, deps.time()::milliseconds);
        RowBinaryBuffer row = new RowBinaryBuffer(4096);
        List<ConsumerRecord<byte[], byte[]>> source = deps.tasks().fetcher().fetch(tp, first, last);
        for (ConsumerRecord<byte[], byte[]> record : source) {
            RowPipeline.Outcome outcome = rows.evaluate(record.topic(), record.value());
            if (outcome.rejected() || !outcome.tables().contains(key.table())
                    || skip != null && skip.contains(record.offset())) {
                continue;
            }
            row.clear();
            DeadLetter failure = rows.encode(key.table(), outcome.valid(), new RowPipeline.SourcePosition(
                    record.topic(), record.partition(), record.offset(), record.timestamp()), row);
            if (failure == null) {
                // rows of one interrupted block share a column list: the ALTER that changes it cuts blocks
                builder.layout(rows.columns(key.table()));
                builder.append(record.offset(), row.array(), 0, row.size());
            }
        }
        return builder.isEmpty() ? null : builder.build();
    }

    /** The stale-block checks against the table, for grouped entries too. */
    StaleBlocks stale() {
        return stale;
    }
}
