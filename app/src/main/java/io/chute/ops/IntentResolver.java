package io.chute.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.BlockId;
import io.chute.config.ChuteConfig;
import io.chute.config.KafkaClientProps;
import io.chute.state.HighWatermarks;
import io.chute.state.KafkaIntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerNames;
import io.chute.state.LedgerState;

/**
 * {@code chute ledger resolve}: settles an interrupted (INTENT) block, or a grouped insert's GROUPED entry (by the
 * key's own range, under its lane's token), that chute refused to re-insert because it is older than the tables'
 * token memory and the table has no position columns to check. An operator who looked at
 * the table decides: {@link #markLanded} (its rows are there) or {@link #reinsert} (a fresh INTENT, so the next
 * start re-inserts it under its token). Written as the task's own ledger writer, which fences a live owner.
 */
public final class IntentResolver {
    private static final Logger LOG = LoggerFactory.getLogger(IntentResolver.class);

    private final ChuteConfig config;

    public IntentResolver(ChuteConfig config) {
        this.config = config;
    }

    /** @return what was done, one line */
    public String markLanded(String table, String topic, int partition) {
        return resolve(table, topic, partition, true);
    }

    /** @return what was done, one line */
    public String reinsert(String table, String topic, int partition) {
        return resolve(table, topic, partition, false);
    }

    private String resolve(String table, String topic, int partition, boolean landed) {
        String txId = LedgerNames.transactionalId(config.applicationId(), "0_" + partition);
        Map<String, Object> props = KafkaClientProps.common(config);
        try (HighWatermarks ends = new HighWatermarks(props);
             KafkaIntentLedger ledger = KafkaIntentLedger.create(config.ledgerTopic(), txId, props,
                     Duration.ofMinutes(1), ends)) {
            LedgerEntry entry = ledger.open(List.of(new TopicPartition(topic, partition)))
                    .get(new LedgerKey(table, topic, partition));
            if (entry == null || entry.state() == LedgerState.LANDED) {
                throw new OpsException("table " + table + ", " + topic + "-" + partition + ": no interrupted block "
                        + "in the ledger (" + (entry == null ? "no entry" : entry.state() + " " + entry.token())
                        + "); nothing to resolve");
            }
            BlockId id = new BlockId(config.dedupNamespace(), table, topic, partition, entry.firstOffset(),
                    entry.lastOffset());
            // a GROUPED entry carries its group's token: the key is settled by its own range, under the lane's token
            if (entry.state() == LedgerState.INTENT && !id.token().equals(entry.token())) {
                throw new OpsException("the ledger's block " + entry.token() + " was not written under dedup.namespace "
                        + config.dedupNamespace() + ": resolve it with the configuration that wrote it");
            }
            String done;
            if (landed) {
                ledger.landed(id, List.of());
                done = "marked " + entry.token() + " (" + entry.rows() + " rows) LANDED: its rows are not inserted again";
            } else {
                ledger.intent(id, entry.rows());
                done = "renewed the INTENT of " + entry.token() + " (" + entry.rows() + " rows): the next start "
                        + "re-inserts it under its token";
            }
            LOG.warn("ledger resolve by operator: {}", done);
            return done;
        } catch (KafkaException e) {
            throw new OpsException("writing the ledger as " + txId + " failed: " + e.getMessage(), e);
        }
    }
}
