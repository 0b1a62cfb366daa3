package io.chute.dlq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Test fake of the source partitions: records put by offset; {@link #fetch} returns those in range, in order. */
public final class FakeSourceFetcher implements SourceFetcher {
    private final Map<TopicPartition, ConcurrentSkipListMap<Long, ConsumerRecord<byte[], byte[]>>> partitions =
            new ConcurrentHashMap<>();
    /** Every range asked for, as "topic-partition[from, to]". */
    public final List<String> fetches = new ArrayList<>();

    public FakeSourceFetcher put(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                                 Headers headers) {
        partitions.computeIfAbsent(new TopicPartition(topic, partition), tp -> new ConcurrentSkipListMap<>())
                .put(offset, new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME,
                        -1, -1, key, value, headers, Optional.empty()));
        return this;
    }

    public FakeSourceFetcher put(String topic, int partition, long offset, long timestamp, byte[] value) {
        return put(topic, partition, offset, timestamp, null, value, new RecordHeaders());
    }

    @Override
    public synchronized List<ConsumerRecord<byte[], byte[]>> fetch(TopicPartition tp, long from, long to) {
        fetches.add(tp + "[" + from + ", " + to + "]");
        ConcurrentSkipListMap<Long, ConsumerRecord<byte[], byte[]>> records = partitions.get(tp);
        return records == null ? List.of() : new ArrayList<>(records.subMap(from, true, to, true).values());
    }
}
