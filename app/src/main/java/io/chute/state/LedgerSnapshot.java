package io.chute.state;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Read-only view of the whole ledger (no producer, fences nobody): for operator tools, and for the one read that
 * serves a batch of newly assigned tasks once each has {@link IntentLedger#claim claimed} its ledger.
 */
public final class LedgerSnapshot {

    private LedgerSnapshot() {
    }

    /**
     * The newest committed entry of every key of the ledger topic.
     *
     * @param clientProps connection properties (bootstrap servers, security)
     * @throws LedgerException if the topic is missing or cannot be read within {@code timeout}
     */
    public static Map<LedgerKey, LedgerEntry> read(Map<String, Object> clientProps, String topic, Duration timeout) {
        try (HighWatermarks ends = new HighWatermarks(clientProps)) {
            return read(clientProps, topic, timeout, ends);
        }
    }

    /** As {@link #read(Map, String, Duration)}, reading to the high watermarks {@code ends} gives. */
    public static Map<LedgerKey, LedgerEntry> read(Map<String, Object> clientProps, String topic, Duration timeout,
                                                   LedgerEnds ends) {
        Properties c = new Properties();
        c.putAll(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return new LedgerReader(consumer, topic, timeout, ends).readAll();
        }
    }
}
