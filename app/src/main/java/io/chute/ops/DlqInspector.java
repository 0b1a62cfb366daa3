package io.chute.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.chute.config.ChuteConfig;
import io.chute.config.KafkaClientProps;
import io.chute.dlq.DeadLetterHeaders;

/** {@code chute dlq inspect}: counts per reason over the whole dead-letter topic and a few decoded samples. */
public final class DlqInspector {
    private final ChuteConfig config;

    public DlqInspector(ChuteConfig config) {
        this.config = config;
    }

    /** @param samples how many dead letters to show in full (the first ones) */
    public String inspect(int samples) {
        String topic = config.getString(ChuteConfig.DLQ_TOPIC_CONFIG);
        Properties p = new Properties();
        p.putAll(KafkaClientProps.common(config));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> byReason = new TreeMap<>();
        List<String> shown = new ArrayList<>();
        int[] total = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = DeadLetterScan.partitions(consumer, topic);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            DeadLetterScan.scan(consumer, parts, batch -> batch.forEach(r -> {
                total[0]++;
                String reason = DeadLetterScan.header(r, DeadLetterHeaders.REASON);
                byReason.merge(reason == null ? "(no reason header)" : reason, 1, Integer::sum);
                if (shown.size() < samples) {
                    shown.add(sample(r));
                }
            }));
        }
        StringBuilder out = new StringBuilder(String.format("dead-letter topic %s: %,d dead letters%n", topic,
                total[0]));
        if (total[0] > 0) {
            out.append("by ").append(DeadLetterHeaders.REASON).append(":\n");
            byReason.forEach((reason, n) -> out.append(String.format("  %-24s %,8d%n", reason, n)));
            out.append(String.format("samples (first %d):%n", shown.size()));
            shown.forEach(out::append);
        }
        return out.toString();
    }

    private static String sample(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder s = new StringBuilder(String.format("  %s-%d@%d  %s  key %s, value %s%n", r.topic(),
                r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), size(r.key()), size(r.value())));
        for (Header h : r.headers()) {
            s.append("    ").append(h.key()).append(" = ").append(text(h.key(), h.value())).append('\n');
        }
        return s.toString();
    }

    private static String size(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }

    /** UTF-8 text when printable; epoch-millis headers also as instants; other bytes as hex. */
    private static String text(String key, byte[] value) {
        if (value == null) {
            return "null";
        }
        String t = new String(value, StandardCharsets.UTF_8);
        if (!t.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\t')) {
            StringBuilder hex = new StringBuilder("0x");
            for (int i = 0; i < Math.min(value.length, 32); i++) {
                hex.append(String.format("%02x", value[i]));
            }
            return hex.append(value.length > 32 ? "..." : "").toString();
        }
        if ((key.equals(DeadLetterHeaders.FAILED_AT) || key.equals(DeadLetterHeaders.TIMESTAMP))
                && t.matches("\\d{1,15}")) {
            return t + " (" + Instant.ofEpochMilli(Long.parseLong(t)) + ")";
        }
        String oneLine = t.replace("\n", " | ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
