package io.chute.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.chute.block.BlockId;

/** Test fake of the ledger: keeps entries in memory, logs calls, and can be {@link #fence() fenced}. */
public final class InMemoryIntentLedger implements IntentLedger {

    /** "intent:&lt;token&gt;" / "landed:&lt;token&gt;" in call order; tests may add their own events. */
    public final List<String> events;
    public final List<ProducerRecord<byte[], byte[]>> extraRecords = Collections.synchronizedList(new ArrayList<>());
    public final Map<LedgerKey, LedgerEntry> entries = new ConcurrentHashMap<>();
    /** What each write returns: 0 models a write whose entries rode in another call's transaction (group commit). */
    public volatile int transactionsPerWrite = 1;
    private volatile boolean fenced;

    public InMemoryIntentLedger() {
        this(Collections.synchronizedList(new ArrayList<>()));
    }

    public InMemoryIntentLedger(List<String> sharedEvents) {
        this.events = sharedEvents;
    }

    /** From now on every call throws {@link LedgerFencedException}, as if a newer owner had opened the ledger. */
    public void fence() {
        fenced = true;
    }

    /** Claiming fences nobody here: tests fence a ledger with {@link #fence()}. */
    @Override
    public void claim() {
    }

    @Override
    public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
        Map<LedgerKey, LedgerEntry> result = new HashMap<>();
        entries.forEach((k, v) -> {
            if (inputs.contains(new TopicPartition(k.topic(), k.partition()))) {
                result.put(k, v);
            }
        });
        return result;
    }

    @Override
    public int intent(BlockId id, int rows) {
        return write(LedgerEntry.of(LedgerState.INTENT, id, rows, 0), id);
    }

    @Override
    public int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extras) {
        int transactions = write(LedgerEntry.of(LedgerState.LANDED, id, -1, 0), id);
        extraRecords.addAll(extras);
        return transactions;
    }

    /** Both entries in one write, as the Kafka ledger does. */
    @Override
    public int landedThenIntent(BlockId landed, List<ProducerRecord<byte[], byte[]>> extras, BlockId next, int rows) {
        landed(landed, extras);
        write(LedgerEntry.of(LedgerState.INTENT, next, rows, 0), next);
        return transactionsPerWrite;
    }

    private int write(LedgerEntry entry, BlockId id) {
        if (fenced) {
            throw new LedgerFencedException("fenced (test)", null);
        }
        entries.put(new LedgerKey(id.table(), id.topic(), id.partition()), entry);
        events.add(entry.state().name().toLowerCase() + ":" + id.token());
        return transactionsPerWrite;
    }

    @Override
    public void close() {
    }
}
