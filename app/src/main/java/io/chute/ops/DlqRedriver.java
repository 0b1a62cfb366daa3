package io.chute.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.chute.config.ChuteConfig;
import io.chute.config.KafkaClientProps;
import io.chute.dlq.DeadLetterHeaders;

/**
 * {@code chute dlq redrive}: re-publishes dead letters to their original topic and partition with their original
 * key, value, timestamp and headers (chute's dead-letter headers removed, {@value DeadLetterHeaders#REDRIVEN_FROM}
 * added), at most once per dead letter.
 *
 * <p>Progress is the committed offset of consumer group {@code <application.id>-dlq-redrive}, committed in the
 * same Kafka transaction as the re-published records (transactional id {@code <application.id>-dlq-redrive}, so
 * a second redrive running at the same time fences the first). Every scanned letter moves the progress, also the
 * ones the {@code --reason}/{@code --since} filter passes over: those are not offered to later redrives.
 */
public final class DlqRedriver {
    private final ChuteConfig config;

    public DlqRedriver(ChuteConfig config) {
        this.config = config;
    }

    /** What one redrive did. */
    public record Result(int scanned, int redriven, int passedOver, Map<String, Integer> byTopic) {
    }

    /**
     * @param reason     only letters with this {@code chute.dlq.reason}, or null for all
     * @param sinceMillis only letters dead-lettered at or after this time (epoch millis), or null
     * @throws OpsException if Kafka fails; the letters of the failed transaction stay un-redriven
     */
    public Result redrive(String reason, Long sinceMillis) {
        String group = config.applicationId() + "-dlq-redrive";
        Map<String, Object> common = KafkaClientProps.common(config);
        Properties c = new Properties();
        c.putAll(common);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int[] counts = new int[3];
        Map<String, Integer> byTopic = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            producer.initTransactions(); // fences an older redrive and aborts its open transaction
            List<TopicPartition> parts = DeadLetterScan.partitions(consumer,
                    config.getString(ChuteConfig.DLQ_TOPIC_CONFIG));
            consumer.assign(parts);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(parts),
                    Duration.ofSeconds(30));
            for (TopicPartition tp : parts) {
                OffsetAndMetadata o = committed.get(tp);
                if (o == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            ConsumerGroupMetadata metadata = new ConsumerGroupMetadata(group);
            DeadLetterScan.scan(consumer, parts, batch -> {
                if (batch.isEmpty()) {
                    return;
                }
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                producer.beginTransaction();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    counts[0]++;
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    ProducerRecord<byte[], byte[]> out = matches(r, reason, sinceMillis) ? republished(r) : null;
                    if (out == null) {
                        counts[2]++;
                        continue;
                    }
                    producer.send(out);
                    counts[1]++;
                    byTopic.merge(out.topic(), 1, Integer::sum);
                }
                producer.sendOffsetsToTransaction(next, metadata);
                producer.commitTransaction();
            });
        } catch (KafkaException e) {
            throw new OpsException("redrive failed (the dead letters of the failed transaction were not re-published "
                    + "and stay pending): " + e.getMessage(), e);
        }
        return new Result(counts[0], counts[1], counts[2], byTopic);
    }

    private static boolean matches(ConsumerRecord<byte[], byte[]> r, String reason, Long sinceMillis) {
        if (reason != null && !reason.equalsIgnoreCase(DeadLetterScan.header(r, DeadLetterHeaders.REASON))) {
            return false;
        }
        if (sinceMillis != null) {
            String failedAt = DeadLetterScan.header(r, DeadLetterHeaders.FAILED_AT);
            long at = failedAt == null ? r.timestamp() : Long.parseLong(failedAt);
            return at >= sinceMillis;
        }
        return true;
    }

    /** The original record, or null when the letter does not say where it came from. */
    private static ProducerRecord<byte[], byte[]> republished(ConsumerRecord<byte[], byte[]> r) {
        String topic = DeadLetterScan.header(r, DeadLetterHeaders.TOPIC);
        if (topic == null) {
            return null;
        }
        String partition = DeadLetterScan.header(r, DeadLetterHeaders.PARTITION);
        String timestamp = DeadLetterScan.header(r, DeadLetterHeaders.TIMESTAMP);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!DeadLetterHeaders.isDeadLetterHeader(h.key())) {
                headers.add(h);
            }
        }
        headers.add(DeadLetterHeaders.REDRIVEN_FROM, (r.topic() + "-" + r.partition() + "@" + r.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, partition == null ? null : Integer.valueOf(partition),
                timestamp == null ? null : Long.valueOf(timestamp), r.key(), r.value(), headers);
    }
}
