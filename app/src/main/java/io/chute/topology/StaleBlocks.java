package io.chute.topology;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockId;
import io.chute.config.ChuteConfig;
import io.chute.dlq.BadRow;
import io.chute.dlq.Reason;
import io.chute.metrics.ChuteMetric;
import io.chute.sink.FatalSinkException;
import io.chute.sink.InsertResult;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * A ledger entry whose token cannot be trusted (older than {@code dedup.window.min.seconds}, or a group that cannot
 * be re-formed as recorded) is settled by the table: its Kafka position columns say which rows of the key's range
 * landed, and only the missing ones are inserted, under a token derived from what landed.
 */
final class StaleBlocks {
    private static final Logger LOG = LoggerFactory.getLogger(StaleBlocks.class);

    private final ChuteDeps deps;

    StaleBlocks(ChuteDeps deps) {
        this.deps = deps;
    }

    /**
     * Null when the entry is recent enough to trust its token (younger than {@code dedup.window.min.seconds}, which
     * the start-up check holds every Replicated table's seconds window to) and {@code untrusted} is null; else the
     * offsets of the key's range that the table holds, by its Kafka position columns.
     *
     * @param untrusted why the token is not trusted whatever the entry's age, or null
     * @throws FatalSinkException for a table without position columns, naming the command that resolves it
     */
    Set<Long> landedOfStale(LedgerKey key, LedgerEntry entry, String untrusted) {
        long boundSeconds = deps.config().getLong(ChuteConfig.DEDUP_WINDOW_MIN_SECONDS_CONFIG);
        long ageMillis = deps.time().milliseconds() - entry.timestamp();
        if (untrusted == null && ageMillis <= boundSeconds * 1000) {
            return null;
        }
        PositionColumns.Identity columns = PositionColumns.of(deps.rows().tables().current(key.table()).schema(),
                PositionColumns.Names.from(deps.config())).identity();
        String what = untrusted != null ? "interrupted block " + entry.token() + " [" + entry.firstOffset() + ", "
                + entry.lastOffset() + "] of table " + key.table() + ", " + key.topic() + "-" + key.partition()
                + ": " + untrusted
                : "interrupted block " + entry.token() + " [" + entry.firstOffset() + ", " + entry.lastOffset()
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
     * Inserts the rows of a stale block the table lacks ({@code rest}: null when none), synchronously and under a
     * token derived from what landed, without a new ledger entry: if this dies before the key's next block, the next
     * owner finds the same stale entry and asks the table again, so a row is never sent twice under tokens
     * ClickHouse could both accept.
     */
    void insertMissing(LedgerEntry entry, Block rest, int landedCount) throws InterruptedException {
        if (rest == null) {
            LOG.info("stale interrupted block {}: every row is in the table; nothing to insert", entry.token());
            return;
        }
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
