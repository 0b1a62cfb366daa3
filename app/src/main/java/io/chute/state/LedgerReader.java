package io.chute.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the whole ledger topic with a read_committed consumer, from the beginning until its position passes the
 * {@link LedgerEnds} taken at the start (the high watermarks: a read_committed consumer's own end offsets stop at
 * the first open transaction of the partition), keeping the newest value per key; a null value (tombstone)
 * removes the key. A transaction open at the start delays the read until it ends (at most its
 * transaction.timeout.ms), never hides what was committed after it.
 */
final class LedgerReader {

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final LedgerEnds ends;

    LedgerReader(Consumer<byte[], byte[]> consumer, String topic, Duration timeout, LedgerEnds ends) {
        this.consumer = consumer;
        this.topic = topic;
        this.timeout = timeout;
        this.ends = ends;
    }

    /** @throws LedgerException if the topic is missing or the read does not finish within the timeout */
    Map<LedgerKey, LedgerEntry> readAll() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new LedgerException("ledger topic " + topic + " does not exist", null);
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = ends.of(partitions, timeout);
        Map<LedgerKey, LedgerEntry> entries = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(partitions, end)) {
            if (System.nanoTime() > deadline) {
                throw new LedgerException("timed out reading ledger topic " + topic, null);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                LedgerKey key = LedgerKey.decode(r.key());
                if (r.value() == null) {
                    entries.remove(key);
                } else {
                    entries.put(key, LedgerCodec.decode(r.value()));
                }
            }
        }
        consumer.unsubscribe();
        return entries;
    }

    private boolean caughtUp(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, timeout) < end.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }
}
