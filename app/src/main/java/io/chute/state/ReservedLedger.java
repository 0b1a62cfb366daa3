package io.chute.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.chute.block.BlockId;
import io.chute.block.MemoryBudget;

/**
 * A task's ledger that holds a share of the instance's {@link MemoryBudget} while it is open: its Kafka clients
 * cost heap per task (issue 10: ~230 KB per ledger producer, measured), which at hundreds of tasks is as much as
 * the blocks may hold. Released once, on close.
 */
public final class ReservedLedger implements IntentLedger {
    /** Heap of one task's ledger clients, rounded up from the measured 230 KB (see KafkaIntentLedger). */
    public static final long CLIENT_HEAP_BYTES = 256 * 1024;

    private final IntentLedger ledger;
    private final MemoryBudget budget;
    private final AtomicBoolean released = new AtomicBoolean();

    private ReservedLedger(IntentLedger ledger, MemoryBudget budget) {
        this.ledger = ledger;
        this.budget = budget;
    }

    /** Reserves {@link #CLIENT_HEAP_BYTES}, then opens the ledger {@code create} makes (released if that fails). */
    public static IntentLedger of(MemoryBudget budget, Supplier<IntentLedger> create) {
        budget.reserve(CLIENT_HEAP_BYTES);
        try {
            return new ReservedLedger(create.get(), budget);
        } catch (RuntimeException | Error e) {
            budget.reserve(-CLIENT_HEAP_BYTES);
            throw e;
        }
    }

    @Override
    public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
        return ledger.open(inputs);
    }

    @Override
    public void intent(BlockId id, int rows) {
        ledger.intent(id, rows);
    }

    @Override
    public void landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords) {
        ledger.landed(id, extraRecords);
    }

    @Override
    public void landedThenIntent(BlockId landed, List<ProducerRecord<byte[], byte[]>> extraRecords, BlockId next,
                                 int nextRows) {
        ledger.landedThenIntent(landed, extraRecords, next, nextRows);
    }

    @Override
    public void close() {
        try {
            ledger.close();
        } finally {
            if (released.compareAndSet(false, true)) {
                budget.reserve(-CLIENT_HEAP_BYTES);
            }
        }
    }
}
