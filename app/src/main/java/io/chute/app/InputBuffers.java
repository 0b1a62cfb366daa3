package io.chute.app;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.config.ChuteConfig;
import io.chute.config.KafkaClientProps;

/**
 * Sizes Kafka Streams' input buffering from chute's memory budget (issue 10). Records wait twice before chute
 * sees them: in the main consumer's fetch responses (kept while any of their partitions is paused with records
 * left) and in Streams' queue of each partition (up to {@code buffered.records.per.partition} records). Kafka's
 * defaults (50 MiB responses, 1,000 records per partition) cost next to nothing at 4 partitions and hundreds of MB
 * at 256, outside {@code buffer.memory.bytes}. Kafka Streams 4.3 has no byte bound for its queues
 * ({@code input.buffer.max.bytes} of KIP-770 is gone), so the bounds are derived from the budget and the source
 * topics' partition count (every partition may land on one instance): about an eighth of the budget, half for
 * fetched bytes, half for queued records at {@value #RECORD_BYTES} bytes each (a small record plus its objects);
 * never above Kafka's defaults, never below floors that keep a partition moving. {@code streams.*} overrides of
 * these keys win.
 *
 * <p>A fetch response is capped at {@value #FETCH_PARTITIONS} partitions' share of the fetched half (at least
 * {@value #MIN_PARTITION_SHARE_BYTES} bytes each, so 1 MB at 256 partitions), not at their
 * {@code max.partition.fetch.bytes}: the consumer keeps a paused partition's fetched records as a slice of the whole
 * response's buffer, so every response holding records of a partition paused after its fetch (Streams' full queues,
 * chute's fetch gate) stays in the heap until it resumes. With 9.5 MB responses at 256 partitions, 216-219 MB
 * stayed after full GCs against 172-183 MB without the gate; 1 MB responses left less pinned (118 against 172 MB
 * after a full GC). Session 14, 256 x 3: 200 MB with 1 MB responses, 244 MB with 4 MB responses of 256 KB
 * partitions, 316 MB with 1 MB partitions.
 *
 * <p>{@code max.partition.fetch.bytes} never goes below {@value #MIN_PARTITION_FETCH_BYTES} bytes, whatever the
 * partition count: the broker sends a partition's batch larger than it whole only when that partition comes first
 * in the response, and cuts it off anywhere else, where the consumer gets nothing of it. At 64 KB (the old floor at
 * 256 partitions) and a producer's ~200 KB batches every fetch brought one batch: 970 fetches for 1,000,000 records
 * against 84 at 256 KB, 5.6-6.7 against 0.5 us of broker CPU per record (session 14, a consumer alone over 256
 * partitions). 256 KB takes the batches of most producers (Kafka's {@code batch.size} is 16 KB by default); a
 * topic written in larger batches (up to 1 MB by the broker's default) still moves, a batch per fetch, and deserves
 * {@code streams.max.partition.fetch.bytes} at its producers' batch size.
 */
final class InputBuffers {
    private static final Logger LOG = LoggerFactory.getLogger(InputBuffers.class);
    /** Heap cost assumed per queued record: ConsumerRecord, its key/value arrays, headers, Streams' wrapper. */
    static final int RECORD_BYTES = 512;
    /** Each half (fetched bytes, queued records) is the budget divided by this: an eighth of it in all. */
    static final int SHARE_DIVISOR = 16;
    static final int MAX_RECORDS_PER_PARTITION = 1000; // Streams' default
    static final int MIN_RECORDS_PER_PARTITION = 50;
    static final int MAX_PARTITION_FETCH_BYTES = 1 << 20; // the consumer's default
    static final int MIN_PARTITION_FETCH_BYTES = 256 << 10;
    /** The least of a partition's share of the fetched half that sizes a response. */
    static final int MIN_PARTITION_SHARE_BYTES = 64 << 10;
    static final int MAX_FETCH_BYTES = 50 << 20; // the consumer's default
    static final int MIN_FETCH_BYTES = 1 << 20;
    /** A fetch response holds at most this many partitions' share of the fetched half. */
    static final int FETCH_PARTITIONS = 16;

    private InputBuffers() {
    }

    /** The bounds for {@code budgetBytes} and {@code partitions} source partitions. */
    static Map<String, Object> of(long budgetBytes, int partitions) {
        long half = budgetBytes / SHARE_DIVISOR;
        long perPartition = half / Math.max(1, partitions);
        long share = clamp(perPartition, MIN_PARTITION_SHARE_BYTES, MAX_PARTITION_FETCH_BYTES);
        long partitionFetch = clamp(perPartition, MIN_PARTITION_FETCH_BYTES, MAX_PARTITION_FETCH_BYTES);
        return Map.of(
                StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG),
                (int) clamp(Math.min(half, FETCH_PARTITIONS * share), MIN_FETCH_BYTES, MAX_FETCH_BYTES),
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                (int) partitionFetch,
                StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG,
                (int) clamp(perPartition / RECORD_BYTES, MIN_RECORDS_PER_PARTITION, MAX_RECORDS_PER_PARTITION));
    }

    /** Adds the bounds to Streams {@code props} where {@code config} does not override them. */
    static Map<String, Object> apply(Map<String, Object> props, ChuteConfig config, long budgetBytes,
                                     int partitions) {
        Map<String, Object> overrides = config.streamsOverrides();
        of(budgetBytes, partitions).forEach((key, value) -> {
            String plain = key.startsWith(StreamsConfig.CONSUMER_PREFIX)
                    ? key.substring(StreamsConfig.CONSUMER_PREFIX.length()) : key;
            if (!overrides.containsKey(key) && !overrides.containsKey(plain)
                    && !overrides.containsKey(StreamsConfig.mainConsumerPrefix(plain))) {
                props.put(key, value);
            }
        });
        LOG.info("input buffers for {} source partitions and a {} MB memory budget: {}", partitions,
                budgetBytes >> 20, of(budgetBytes, partitions));
        return props;
    }

    /** Partitions of the source topics (at least 1; 1 when the count cannot be read). */
    static int sourcePartitions(ChuteConfig config) {
        try (Admin admin = Admin.create(KafkaClientProps.common(config))) {
            Map<String, TopicDescription> topics = admin.describeTopics(config.sourceTopics()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            return Math.max(1, topics.values().stream().mapToInt(t -> t.partitions().size()).sum());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException | TimeoutException e) {
            return 1; // Streams itself reports a missing source topic
        }
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
