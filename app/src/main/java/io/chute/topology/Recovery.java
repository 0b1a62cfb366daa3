package io.chute.topology;

import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockId;
import io.chute.block.BlockLimits;
import io.chute.config.ChuteConfig;
import io.chute.dlq.BadRow;
import io.chute.dlq.DeadLetter;
import io.chute.dlq.Reason;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.metrics.ChuteMetric;
import io.chute.sink.FatalSinkException;
import io.chute.sink.InsertResult;
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

    private final ChuteDeps deps;
    private final RowPipeline rows;

    Recovery(ChuteDeps deps, RowPipeline rows) {
        this.deps = deps;
        this.rows = rows;
    }

    void reinsert(RecoveryPlan plan, TaskSinks sinks) {
        LedgerKey key = plan.key();
        LedgerEntry entry = plan.entry();
        Set<Long> landed = landedOfStale(key, entry);
        TopicPartition tp = new TopicPartition(key.topic(), key.partition());
        BlockBuilder builder = new BlockBuilder(deps.config().dedupNamespace(), key.table(), key.topic(),
                key.partition(), BlockLimits.UNBOUNDED, deps.time()::milliseconds);
        RowBinaryBuffer row = new RowBinaryBuffer(4096);
        try {
            List<ConsumerRecord<byte[], byte[]>> source = deps.tasks().fetcher().fetch(tp, entry.firstOffset(),
                    entry.lastOffset());
            for (ConsumerRecord<byte[], byte[]> record : source) {
                RowPipeline.Outcome outcome = rows.evaluate(record.topic(), record.value());
                if (outcome.rejected() || !outcome.tables().contains(key.table())
                        || landed != null && landed.contains(record.offset())) {
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
            if (landed != null && !source.isEmpty()) {
                insertMissing(entry, builder, landed.size());
                return;
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
            throw new StreamsException("interrupted during recovery", e);
        }
    }

    /**
     * Null when the INTENT is recent enough to trust its token (younger than {@code dedup.window.min.seconds}, which
     * the start-up check holds every Replicated table's seconds window to); else the offsets of the block that the
     * table holds, by its Kafka position columns.
     *
     * @throws FatalSinkException for a stale INTENT of a table without position columns, naming the command that
     *                            resolves it
     */
    private Set<Long> landedOfStale(LedgerKey key, LedgerEntry entry) {
        long boundSeconds = deps.config().getLong(ChuteConfig.DEDUP_WINDOW_MIN_SECONDS_CONFIG);
        long ageMillis = deps.time().milliseconds() - entry.timestamp();
        if (ageMillis <= boundSeconds * 1000) {
            return null;
        }
        PositionColumns.Identity columns = PositionColumns.of(deps.rows().tables().current(key.table()).schema(),
                PositionColumns.Names.from(deps.config())).identity();
        String what = "interrupted block " + entry.token() + " [" + entry.firstOffset() + ", " + entry.lastOffset()
                + "] of table " + key.table() + " is " + ageMillis / 1000 + " s old, older than "
                + "dedup.window.min.seconds = " + boundSeconds + ": ClickHouse may have forgotten its token";
        Set<Long> landed = columns == null ? null : deps.tasks().landedOffsets().find(key.table(), columns,
                key.topic(), key.partition(), entry.firstOffset(), entry.lastOffset());
        if (landed == null) {
            throw new FatalSinkException(what + ", and the table cannot tell which of its rows landed "
                    + "(it has no Kafka position columns, or stores no rows, like a Null table); chute will not "
                    + "re-insert it blindly. Check the table (or its views' targets), then run "
                    + "`chute ledger resolve --config <file> --table " + key.table() + " --topic " + key.topic()
                    + " --partition " + key.partition() + " --landed` (its rows are in the table) or `--reinsert` "
                    + "(insert it again under its token), and start chute again");
        }
        LOG.warn("{}; the table holds {} of its offsets (by {}, {}, {}): inserting only the missing rows",
                what, landed.size(), columns.topic(), columns.partition(), columns.offset());
        return landed;
    }

    /**
     * Inserts the rows of a stale block the table lacks, synchronously and under a token derived from what landed,
     * without a new ledger entry: if this dies before the key's next block, the next owner finds the same stale
     * INTENT and asks the table again, so a row is never sent twice under tokens ClickHouse could both accept.
     */
    private void insertMissing(LedgerEntry entry, BlockBuilder builder, int landedCount)
            throws InterruptedException {
        if (builder.isEmpty()) {
            LOG.info("stale interrupted block {}: every row is in the table; nothing to insert", entry.token());
            return;
        }
        Block rest = builder.build();
        // '~' keeps the derived token apart from every token chute forms normally (namespaces are config values)
        Block block = rest.reidentified(new BlockId(rest.id().namespace() + "~stale" + landedCount, rest.id().table(),
                rest.id().topic(), rest.id().partition(), rest.firstOffset(), rest.lastOffset()));
        InsertResult result = deps.inserts().inserter().insert(block);
        for (BadRow bad : result.badRows()) {
            deps.metrics().deadLettered(Reason.INSERT_REJECTED);
            LOG.error("row {}-{}@{} of stale block {} rejected by ClickHouse and dropped: {}", bad.topic(),
                    bad.partition(), bad.offset(), block.token(), bad.message());
        }
        deps.metrics().counter(ChuteMetric.BLOCKS_RECOVERED).increment();
        LOG.info("inserted the {} missing rows of stale block {} as {}", block.rowCount(), entry.token(),
                block.token());
    }
}
