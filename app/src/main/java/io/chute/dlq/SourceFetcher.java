package io.chute.dlq;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads an offset range of one source partition outside the stream: for re-forming an interrupted block at task
 * start and for fetching the original bytes of rows ClickHouse rejected. {@link KafkaSourceFetcher} in production,
 * a map of records in unit tests.
 */
@FunctionalInterface
public interface SourceFetcher {

    /**
     * Records of {@code tp} with offsets in {@code [from, to]}, in order. Offsets deleted by retention or beyond
     * the log end are simply absent; the caller decides what a gap means.
     */
    List<ConsumerRecord<byte[], byte[]>> fetch(TopicPartition tp, long from, long to);
}
