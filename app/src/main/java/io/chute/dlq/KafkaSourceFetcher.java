package io.chute.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The {@link SourceFetcher} of a Kafka cluster. Rare paths, so a consumer per call. */
public final class KafkaSourceFetcher implements SourceFetcher {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_TIME = Duration.ofMinutes(2);
    private final Map<String, Object> consumerProps;

    /** @param consumerProps bootstrap, security and isolation settings (same isolation as the stream) */
    public KafkaSourceFetcher(Map<String, Object> consumerProps) {
        this.consumerProps = new HashMap<>(consumerProps);
        this.consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProps.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    }

    @Override
    public List<ConsumerRecord<byte[], byte[]>> fetch(TopicPartition tp, long from, long to) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long start = Math.max(from, consumer.beginningOffsets(List.of(tp)).get(tp));
            if (start > to || start >= end) {
                return out;
            }
            consumer.seek(tp, start);
            long deadline = System.nanoTime() + MAX_TIME.toNanos();
            while (consumer.position(tp) <= to && consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
                    if (record.offset() >= from && record.offset() <= to) {
                        out.add(record);
                    }
                }
            }
        }
        return out;
    }
}
