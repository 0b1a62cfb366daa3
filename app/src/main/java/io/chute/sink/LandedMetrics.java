package io.chute.sink;

import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;

import io.chute.block.Block;
import io.chute.dlq.Reason;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/**
 * The production {@link PipelineListener}: publishes a landed block's figures. End-to-end latency uses the
 * timestamp the block carries of its last record ({@link Block#lastTimestamp()}).
 */
public final class LandedMetrics implements PipelineListener {
    private final ChuteMetrics metrics;
    private final LongSupplier clock;
    private final Counter ledgerTransactions;
    private final Counter landedByCommit;

    public LandedMetrics(ChuteMetrics metrics, LongSupplier clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.ledgerTransactions = metrics.counter(ChuteMetric.LEDGER_TRANSACTIONS);
        this.landedByCommit = metrics.counter(ChuteMetric.LEDGER_LANDED_BY_COMMIT);
    }

    @Override
    public void onLandedByCommit() {
        landedByCommit.increment();
    }

    @Override
    public void onLedgerTransaction() {
        ledgerTransactions.increment();
    }

    @Override
    public void onLanded(Block block, InsertResult result, long latencyNanos) {
        long timestamp = block.lastTimestamp();
        long endToEnd = timestamp <= 0 ? -1 : Math.max(0, clock.getAsLong() - timestamp);
        String table = block.id().table();
        metrics.landed(table, result.rowsInserted(), block.byteSize(), latencyNanos, endToEnd);
        result.retriesByCode().forEach((code, times) -> metrics.retried(table, code, times));
        // Rows ClickHouse rejected were counted valid at ingest; their dead letters are counted here.
        result.badRows().forEach(bad -> metrics.deadLettered(Reason.INSERT_REJECTED));
    }
}
