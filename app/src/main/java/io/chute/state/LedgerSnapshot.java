package io.chute.state;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Read-only view of the whole ledger, for operator tools (no producer, fences nobody). */
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
        Properties c = new Properties();
        c.putAll(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); HighWatermarks ends = new HighWatermarks(clientProps)) {
            return new LedgerReader(consumer, topic, timeout, ends).readAll();
        }
    }
}
