package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockId;
import io.chute.block.MemoryBudget;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

class BudgetedLedgerTest {
    private final List<String> calls = new ArrayList<>();
    private final MemoryBudget budget = new MemoryBudget(64L << 20);

    @Test
    void shouldCountTheTaskWhileTheLedgerIsOpenWhenMadeAndClosed() {
        BudgetedLedger ledger = new BudgetedLedger(new RecordingLedger(), budget);
        assertEquals(MemoryBudget.TASK_BYTES, budget.used());

        ledger.close();
        ledger.close();

        assertEquals(0, budget.used(), "released once");
        assertEquals(List.of("close", "close"), calls);
    }

    @Test
    void shouldForwardEveryCallWhenUsed() {
        BudgetedLedger ledger = new BudgetedLedger(new RecordingLedger(), budget);
        BlockId a = new BlockId("ns", "t", "orders", 0, 0, 9);
        BlockId b = new BlockId("ns", "t", "orders", 0, 10, 19);

        ledger.open(List.of(new TopicPartition("orders", 0)));
        ledger.claim();
        int transactions = ledger.intent(a, 10) + ledger.landed(a, List.of())
                + ledger.landedThenIntent(a, List.of(), b, 10);

        assertEquals(List.of("open", "claim", "intent", "landed", "landedThenIntent"), calls,
                "landedThenIntent goes to the ledger's own (one transaction), not the interface's default");
        assertEquals(2, transactions, "the transactions each call committed itself come back as they are");
    }

    private final class RecordingLedger implements IntentLedger {
        @Override
        public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
            calls.add("open");
            return Map.of();
        }

        @Override
        public void claim() {
            calls.add("claim");
        }

        @Override
        public int intent(BlockId id, int rows) {
            calls.add("intent");
            return 1;
        }

        @Override
        public int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords) {
            calls.add("landed");
            return 1;
        }

        @Override
        public int landedThenIntent(BlockId landed, List<ProducerRecord<byte[], byte[]>> extraRecords, BlockId next,
                                    int nextRows) {
            calls.add("landedThenIntent");
            return 0; // its entries rode in another call's transaction (group commit)
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
