package io.chute.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.chute.dlq.DeadLetterHeaders;

/**
 * Reads the dead-letter topic from the beginning in a background thread ({@code read_committed}: under
 * exactly_once_v2 chute writes dead letters in the same transaction as its offsets, so only committed ones count)
 * and keeps counts and one sample per {@code chute.dlq.reason}.
 */
public final class DeadLetterWatcher implements AutoCloseable {
    /** The first dead letter seen of a reason: its message header and the start of its value. */
    public record Sample(String message, byte[] value) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong total = new AtomicLong();
    private final Map<String, AtomicLong> byReason = new ConcurrentHashMap<>();
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();
    private final List<byte[]> values = new ArrayList<>();
    private final boolean keepValues;
    private volatile Throwable failure;

    /**
     * @param keepValues also keep every dead letter's value (for tests; memory grows with the topic)
     */
    public DeadLetterWatcher(String bootstrapServers, String topic, int partitions, boolean keepValues) {
        this.keepValues = keepValues;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "chute-demo-dlq-watcher"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        this.thread = new Thread(this::poll, "demo-dlq-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    public long total() {
        return total.get();
    }

    /** Dead letters per reason so far, sorted by reason. */
    public Map<String, Long> byReason() {
        Map<String, Long> out = new TreeMap<>();
        byReason.forEach((reason, count) -> out.put(reason, count.get()));
        return out;
    }

    public Map<String, Sample> samples() {
        return new TreeMap<>(samples);
    }

    /** Every value seen so far (empty unless constructed with {@code keepValues}). */
    public synchronized List<byte[]> values() {
        return List.copyOf(values);
    }

    /** The error that stopped the reader, or null. */
    public Throwable failure() {
        return failure;
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void count(ConsumerRecord<byte[], byte[]> record) {
        String reason = header(record, DeadLetterHeaders.REASON);
        String key = reason == null ? "(no reason header)" : reason;
        byReason.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        samples.computeIfAbsent(key, k -> new Sample(header(record, DeadLetterHeaders.MESSAGE),
                record.value() == null ? new byte[0] : record.value()));
        if (keepValues) {
            synchronized (this) {
                values.add(record.value());
            }
        }
        total.incrementAndGet();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
