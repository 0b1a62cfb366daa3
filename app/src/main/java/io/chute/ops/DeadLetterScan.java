package io.chute.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads a dead-letter topic from given positions up to the end offsets taken when the scan starts (records added
 * meanwhile, e.g. letters of re-driven records failing again, are left for the next scan).
 */
final class DeadLetterScan {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DeadLetterScan() {
    }

    static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new OpsException("dead-letter topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).sorted(
                (a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }

    /**
     * Polls from the consumer's current positions until every partition reached its end; hands each poll's
     * records (in order) to {@code batch}.
     *
     * @return the end offsets the scan stopped at
     */
    static Map<TopicPartition, Long> scan(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> parts,
                                          Consumer<List<ConsumerRecord<byte[], byte[]>>> batch) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, TIMEOUT));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (parts.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new OpsException("timed out reading the dead-letter topic");
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            List<ConsumerRecord<byte[], byte[]>> wanted = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    wanted.add(r);
                }
            }
            batch.accept(wanted);
        }
        return end;
    }

    /** A header's value as text (UTF-8), or null when absent. */
    static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
