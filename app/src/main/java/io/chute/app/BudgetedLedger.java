package io.chute.app;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.chute.block.BlockId;
import io.chute.block.MemoryBudget;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * A task's ledger that counts the task's fixed heap cost in the memory budget while it is open
 * ({@link MemoryBudget#reserveTask}): the ledger lives exactly as long as its task (made when the task is assembled,
 * closed when the task closes or fails to start). Forwards every call, including {@link #landedThenIntent}.
 */
final class BudgetedLedger implements IntentLedger {
    private final IntentLedger ledger;
    private final MemoryBudget budget;
    private final long counted;
    private final AtomicBoolean closed = new AtomicBoolean();

    BudgetedLedger(IntentLedger ledger, MemoryBudget budget) {
        this.ledger = ledger;
        this.budget = budget;
        this.counted = budget.reserveTask();
    }

    @Override
    public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
        return ledger.open(inputs);
    }

    @Override
    public void claim() {
        ledger.claim();
    }

    @Override
    public int intent(BlockId id, int rows) {
        return ledger.intent(id, rows);
    }

    @Override
    public int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords) {
        return ledger.landed(id, extraRecords);
    }

    @Override
    public int landedThenIntent(BlockId landed, List<ProducerRecord<byte[], byte[]>> extraRecords, BlockId next,
                                int nextRows) {
        return ledger.landedThenIntent(landed, extraRecords, next, nextRows);
    }

    @Override
    public void close() {
        try {
            ledger.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                budget.releaseTask(counted);
            }
        }
    }
}
