package io.chute.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a {@link DemoPlan} with two producers at once, one writing v1 events (even indexes) and one v2 (odd), as two
 * services on different schema versions would. Each producer is idempotent with {@code acks=all}, so every record
 * is in the topic exactly once when {@link #completion()} completes.
 */
final class DemoProducers {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<CompletableFuture<Void>> producers = new ArrayList<>();

    private DemoProducers() {
    }

    /** Starts both producers in background threads. */
    static DemoProducers start(String bootstrapServers, String topic, DemoPlan plan, DemoSetup.SchemaIds ids,
                               long baseTimeMillis) {
        DemoProducers run = new DemoProducers();
        for (EventSchema version : EventSchema.values()) {
            EventGenerator generator = new EventGenerator(version, ids.of(version), baseTimeMillis);
            int first = version == EventSchema.V1 ? 0 : 1;
            run.producers.add(CompletableFuture.runAsync(
                    () -> run.send(bootstrapServers, topic, plan, generator, first),
                    runnable -> new Thread(runnable, "demo-producer-" + version).start()));
        }
        return run;
    }

    long sent() {
        return sent.get();
    }

    /** Completes when both producers have sent and flushed everything; exceptionally on the first failure. */
    CompletableFuture<Void> completion() {
        return CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new));
    }

    private void send(String bootstrapServers, String topic, DemoPlan plan, EventGenerator generator, int first) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, "chute-demo-" + generator.version().name().toLowerCase()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = first; i < plan.events() && failure.get() == null; i += 2) {
                DemoPlan.Item item = plan.item(i);
                producer.send(new ProducerRecord<>(topic, EventGenerator.key(item.seed()), item.value(generator)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            } else {
                                sent.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("producing the demo events failed", error);
        }
    }
}
