package io.chute.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes events into the source topic with fast producer settings (1 MB batches, 20 ms linger, lz4, acks=1). Any
 * send failure fails the load (a benchmark on missing input means nothing).
 *
 * <p>A backlog goes to the partitions in runs of consecutive events ({@link #partitionOf}), as a producer with
 * sticky partitioning writes, so that its batches hold about {@value #MAX_RUN} events at every partition count and
 * a point compares partition counts, not batch shapes. Spread event by event, 256 partitions made one-event batches
 * (162 bytes on average against 143 KB at 4 partitions, producer metrics, 500,000 events): each partition's open
 * batch takes a 1 MB buffer, the 64 MB pool runs dry, and every batch is sent as soon as it opens. chute's consumer
 * then opened an lz4 frame per event, and the broker handled a batch per event, at 64 and 256 partitions only
 * (4 KB batches at 64). The paced live phase stays event by event: that is what a steady trickle looks like.
 */
final class EventLoader {
    /** What was written: events, their value bytes (the Avro input chute decodes, framing included), wall time. */
    record Loaded(long events, long valueBytes, Duration elapsed) {
    }

    private final String bootstrap;
    private final String topic;
    private final int partitions;

    EventLoader(String bootstrap, String topic, int partitions) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Most events in a run to one partition (the backlog's batch, about 190 KB before compression). */
    static final int MAX_RUN = 1_000;

    /** Produces {@code count} events as fast as the broker takes them, each stamped with its production time. */
    Loaded backlog(BenchEvents events, long count) {
        return produce(events, count, 0);
    }

    /**
     * The partition of the backlog's event {@code index} of {@code count}: runs of at most {@value #MAX_RUN}
     * consecutive events, dealt round-robin, so that partitions get the same number of runs, give or take one (and
     * the last run may be short); never fewer runs than partitions.
     */
    static int partitionOf(long index, long count, int partitions) {
        long perPartition = Math.max(1, count / partitions);
        long runsPerPartition = (perPartition + MAX_RUN - 1) / MAX_RUN;
        long run = (perPartition + runsPerPartition - 1) / runsPerPartition;
        return (int) ((index / run) % partitions);
    }

    /** Produces {@code count} events at about {@code perSecond}, each stamped with its production time. */
    Loaded paced(BenchEvents events, long count, int perSecond) {
        return produce(events, count, perSecond);
    }

    private Loaded produce(BenchEvents events, long count, int perSecond) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(perSecond > 0 ? pacedConfig() : config())) {
            for (long i = 0; i < count && failure.get() == null; i++) {
                if (perSecond > 0) {
                    pace(start, i, perSecond);
                }
                byte[] value = events.next(System.currentTimeMillis());
                bytes += value.length;
                int partition = perSecond > 0 ? (int) (i % partitions) : partitionOf(i, count, partitions);
                producer.send(new ProducerRecord<>(topic, partition, null, value), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the benchmark input failed", failure.get());
        }
        return new Loaded(count, bytes, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void pace(long startNanos, long index, int perSecond) {
        long due = startNanos + index * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 200_000) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while producing", e);
            }
        }
    }

    /**
     * The paced producer runs in the benchmark's JVM beside chute: with the backlog's 1 MiB batches each partition
     * it writes to holds a 1 MiB pooled buffer (64 MB at 64 or 256 partitions), which the heap figures would charge to
     * chute. 10,000 events/s need no more than Kafka's default batches and a small pool.
     */
    private Map<String, Object> pacedConfig() {
        Map<String, Object> config = new HashMap<>(config());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        return config;
    }

    private Map<String, Object> config() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    }
}
