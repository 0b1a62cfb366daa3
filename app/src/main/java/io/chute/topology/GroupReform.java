package io.chute.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.block.BlockId;
import io.chute.config.ChuteConfig;
import io.chute.dlq.DeadLetterEncoder;
import io.chute.metrics.ChuteMetric;
import io.chute.sink.GroupInsertResult;
import io.chute.state.GroupRecovery;
import io.chute.state.GroupRef;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * Settles, at a task's start, each key whose newest ledger entry is GROUPED (topology-docs/GROUPED-INSERTS.md,
 * Recovery): a group that may not have landed is re-formed from every member's range and inserted under its token;
 * one that landed needs nothing; one whose token cannot be trusted is settled by the table. The key's LANDED then
 * goes in the thread's next commit (grouped inserts) or through the task's ledger (per-lane inserts, e.g. after
 * switching back), with the dead letters of this key's rows ClickHouse refused. One per instance.
 */
final class GroupReform {
    private static final Logger LOG = LoggerFactory.getLogger(GroupReform.class);
    /** Groups re-formed here recently: the tasks of one instance naming a group insert it once. */
    private static final int REMEMBERED = 1024;

    private final ChuteDeps deps;
    private final Map<String, GroupInsertResult> inserted = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, GroupInsertResult> eldest) {
                    return size() > REMEMBERED;
                }
            });

    GroupReform(ChuteDeps deps) {
        this.deps = deps;
    }

    void settle(LedgerKey key, LedgerEntry entry, Map<LedgerKey, LedgerEntry> all, Recovery recovery,
                IntentLedger ledger, DeadLetterEncoder deadLetters) throws InterruptedException {
        ChuteConfig config = deps.config();
        GroupRecovery decision = GroupRecovery.decide(key, entry, all::get, config.dedupNamespace(),
                deps.time().milliseconds(), 1000 * config.getLong(ChuteConfig.DEDUP_WINDOW_MIN_SECONDS_CONFIG));
        switch (decision.action()) {
            case LANDED -> LOG.debug("{}: {}", key, decision.reason());
            case CHECK_TABLE -> {
                Set<Long> landed = recovery.stale().landedOfStale(key, entry, decision.reason());
                recovery.stale().insertMissing(entry, recovery.reform(key, entry.firstOffset(), entry.lastOffset(),
                        landed), landed.size());
            }
            case REFORM -> {
                GroupInsertResult result = inserted.get(entry.token());
                if (result == null) {
                    result = reformAndInsert(key, decision, recovery);
                    if (result == null) {
                        return;
                    }
                    inserted.put(entry.token(), result);
                }
                landed(key, entry, lettersOf(key, result, deadLetters), ledger);
            }
            default -> throw new IllegalStateException(decision.action().toString());
        }
    }

    private GroupInsertResult reformAndInsert(LedgerKey key, GroupRecovery decision, Recovery recovery)
            throws InterruptedException {
        String namespace = deps.config().dedupNamespace();
        List<Block> members = new ArrayList<>();
        for (GroupRef.Member m : decision.group().members()) {
            LedgerKey member = new LedgerKey(key.table(), m.topic(), m.partition());
            Block block = recovery.reform(member, m.firstOffset(), m.lastOffset(), null);
            if (block == null) {
                LOG.error("cannot re-form group {}: no rows of {} readable in [{}, {}] (retention?); not inserting it",
                        decision.entry().token(), member, m.firstOffset(), m.lastOffset());
                return null;
            }
            BlockId recorded = new BlockId(namespace, key.table(), m.topic(), m.partition(), m.firstOffset(),
                    m.lastOffset());
            if (!block.id().equals(recorded) || block.rowCount() != m.rows()) {
                LOG.warn("re-formed member {} has {} rows, the ledger recorded {}: inserting it under the recorded "
                        + "range", recorded.token(), block.rowCount(), m.rows());
                block = block.reidentified(recorded);
            }
            members.add(block);
        }
        BlockGroup group = BlockGroup.of(members);
        LOG.info("re-inserting group {} ({} lanes, {} rows): {}", group.token(), group.members().size(),
                group.rowCount(), decision.reason());
        GroupInsertResult result = deps.inserts().inserter().insert(group, () -> false);
        deps.metrics().counter(ChuteMetric.BLOCKS_RECOVERED).increment();
        return result;
    }

    /** Dead letters of this key's own rows only: the other members' owners write theirs. */
    private static List<ProducerRecord<byte[], byte[]>> lettersOf(LedgerKey key, GroupInsertResult result,
                                                                  DeadLetterEncoder deadLetters) {
        List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        for (GroupInsertResult.MemberInsert m : result.split()) {
            BlockId id = m.block().id();
            if (id.topic().equals(key.topic()) && id.partition() == key.partition()
                    && !m.result().badRows().isEmpty()) {
                letters.addAll(deadLetters.encode(m.block(), m.result().badRows()));
            }
        }
        return letters;
    }

    private void landed(LedgerKey key, LedgerEntry entry, List<ProducerRecord<byte[], byte[]>> letters,
                        IntentLedger ledger) {
        GroupedInserts grouped = deps.barrier().grouped();
        if (grouped != null) {
            grouped.landedAtStart(key, entry.landed(deps.time().milliseconds()), letters);
        } else {
            ledger.landed(new BlockId(deps.config().dedupNamespace(), key.table(), key.topic(), key.partition(),
                    entry.firstOffset(), entry.lastOffset()), letters);
        }
    }
}
