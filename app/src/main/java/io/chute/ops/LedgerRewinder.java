package io.chute.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.chute.config.ChuteConfig;
import io.chute.state.LedgerCodec;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerNames;
import io.chute.state.LedgerState;

/**
 * Rewinds the ledger marks of one table for {@code chute replay --reingest}: writes, for every (table, topic,
 * partition) whose mark is at or after the replay target, a LANDED entry through {@code target - 1}, so rows from
 * the target on are inserted again. Before any replay it also writes the LANDED that chute left unwritten for
 * blocks below the committed offset ({@link #settleLandedByCommit}).
 *
 * <p>Each partition's entries are written by a transactional producer with the task's own transactional id
 * ({@code <application.id>-chute-ledger-0_<partition>}, chute's single sub-topology), so its
 * {@code initTransactions()} fences a ledger writer that might still be alive.
 */
final class LedgerRewinder {
    private final ChuteConfig config;
    private final Map<String, Object> clientProps;

    LedgerRewinder(ChuteConfig config, Map<String, Object> clientProps) {
        this.config = config;
        this.clientProps = clientProps;
    }

    /** @throws OpsException if a ledger write fails (offsets are already moved: run the command again) */
    void rewind(ReplayPlan plan) {
        String table = plan.reingestTable();
        Map<Integer, List<ProducerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        long now = System.currentTimeMillis();
        for (ReplayPlan.Step s : plan.steps()) {
            if (s.landedThrough(table) < s.target()) {
                continue; // nothing at or after the target is marked: nothing to rewind
            }
            LedgerKey key = new LedgerKey(table, s.partition().topic(), s.partition().partition());
            LedgerEntry entry = new LedgerEntry(LedgerState.LANDED, s.target(), s.target() - 1, 0,
                    "chute-replay:" + config.dedupNamespace() + ":" + table + ":" + s.partition() + ":rewound-to-"
                            + s.target(), now);
            byPartition.computeIfAbsent(s.partition().partition(), p -> new ArrayList<>())
                    .add(new ProducerRecord<>(config.ledgerTopic(), key.encode(), LedgerCodec.encode(entry)));
        }
        byPartition.forEach(this::write);
    }

    /**
     * Writes a LANDED for every INTENT of the plan whose block lies below its partition's committed offset (issue 10:
     * such a block landed, its LANDED was left unwritten), with the INTENT's own range, rows and token, so the marks
     * stay where they are when the offsets move back.
     *
     * @throws OpsException if a ledger write fails (nothing was moved yet: run the command again)
     */
    void settleLandedByCommit(ReplayPlan plan) {
        Map<Integer, List<ProducerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        long now = System.currentTimeMillis();
        for (ReplayPlan.Step s : plan.steps()) {
            s.marks().forEach((table, e) -> {
                if (s.landedByCommit(e)) {
                    LedgerKey key = new LedgerKey(table, s.partition().topic(), s.partition().partition());
                    LedgerEntry landed = new LedgerEntry(LedgerState.LANDED, e.firstOffset(), e.lastOffset(), e.rows(),
                            e.token(), now);
                    byPartition.computeIfAbsent(s.partition().partition(), p -> new ArrayList<>())
                            .add(new ProducerRecord<>(config.ledgerTopic(), key.encode(), LedgerCodec.encode(landed)));
                }
            });
        }
        byPartition.forEach(this::write);
    }

    private void write(int partition, List<ProducerRecord<byte[], byte[]>> records) {
        String transactionalId = LedgerNames.transactionalId(config.applicationId(), "0_" + partition);
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        } catch (KafkaException e) {
            throw new OpsException("writing the ledger as " + transactionalId + " failed: " + e.getMessage()
                    + " (run the command again)", e);
        }
    }
}
