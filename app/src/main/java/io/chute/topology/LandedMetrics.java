package io.chute.topology;

import java.util.Map;
import java.util.function.LongSupplier;

import io.chute.block.Block;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.sink.InsertResult;
import io.chute.sink.PipelineListener;

/** Publishes a landed block's figures; end-to-end latency uses the timestamp of the block's last record. */
final class LandedMetrics implements PipelineListener {
    private final ChuteMetrics metrics;
    private final Map<Block, Long> lastTimestamps;
    private final LongSupplier clock;
    private final io.micrometer.core.instrument.Counter ledgerTransactions;

    LandedMetrics(ChuteMetrics metrics, Map<Block, Long> lastTimestamps, LongSupplier clock) {
        this.metrics = metrics;
        this.lastTimestamps = lastTimestamps;
        this.clock = clock;
        this.ledgerTransactions = metrics.counter(ChuteMetric.LEDGER_TRANSACTIONS);
    }

    @Override
    public void onLedgerTransaction() {
        ledgerTransactions.increment();
    }

    @Override
    public void onLanded(Block block, InsertResult result, long latencyNanos) {
        Long timestamp = lastTimestamps.remove(block);
        long endToEnd = timestamp == null || timestamp <= 0 ? -1 : Math.max(0, clock.getAsLong() - timestamp);
        String table = block.id().table();
        metrics.landed(table, result.rowsInserted(), block.byteSize(), latencyNanos, endToEnd);
        result.retriesByCode().forEach((code, times) -> metrics.retried(table, code, times));
        // Rows ClickHouse rejected were counted valid at ingest; their dead letters are counted here.
        result.badRows().forEach(bad -> metrics.deadLettered(BadRowDeadLetters.INSERT_REJECTED));
    }
}
