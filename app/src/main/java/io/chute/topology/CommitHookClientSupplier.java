package io.chute.topology;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' client supplier with the main consumer's commits and the producer's transaction commit wrapped,
 * so that {@link CommitBarrier#beforeCommit()} runs first, on the committing stream thread.
 *
 * <p>Under exactly_once_v2 Streams calls {@code sendOffsetsToTransaction} and then {@code commitTransaction}; the
 * barrier runs before the offsets are sent. Offsets sent to a transaction are pending at the group coordinator
 * until it ends, and a pending offset blocks the next owner's offset fetch of that partition: a stream thread
 * waiting for ClickHouse there (outage, stall) would keep its partitions from a new owner for up to
 * {@code transaction.timeout.ms}, even after it left the group. {@code commitTransaction} runs the barrier again
 * (normally a no-op) for transactions without offsets.
 *
 * <p>Why not a state store's {@code commit()}: in Kafka Streams 4.3 it runs after the offset commit under
 * at_least_once and not at all on regular commits under exactly_once_v2, so a crash in between loses rows.
 */
public final class CommitHookClientSupplier implements KafkaClientSupplier {
    private final CommitBarrier barrier;

    public CommitHookClientSupplier(CommitBarrier barrier) {
        this.barrier = barrier;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new HookedProducer(config, barrier);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new HookedConsumer(config, barrier);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** exactly_once_v2: the offsets were sent to the transaction; rows must land before it commits. */
    private static final class HookedProducer extends KafkaProducer<byte[], byte[]> {
        private final CommitBarrier barrier;

        HookedProducer(Map<String, Object> config, CommitBarrier barrier) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
            this.barrier = barrier;
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             ConsumerGroupMetadata groupMetadata) {
            barrier.beforeCommit();
            super.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void commitTransaction() {
            barrier.beforeCommit();
            super.commitTransaction();
        }
    }

    /** at_least_once: Streams commits with commitSync; every variant is covered. */
    private static final class HookedConsumer extends KafkaConsumer<byte[], byte[]> {
        private final CommitBarrier barrier;

        HookedConsumer(Map<String, Object> config, CommitBarrier barrier) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.barrier = barrier;
        }

        @Override
        public void commitSync() {
            barrier.beforeCommit();
            super.commitSync();
        }

        @Override
        public void commitSync(Duration timeout) {
            barrier.beforeCommit();
            super.commitSync(timeout);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            barrier.beforeCommit();
            super.commitSync(offsets);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            barrier.beforeCommit();
            super.commitSync(offsets, timeout);
        }

        @Override
        public void commitAsync() {
            barrier.beforeCommit();
            super.commitAsync();
        }

        @Override
        public void commitAsync(OffsetCommitCallback callback) {
            barrier.beforeCommit();
            super.commitAsync(callback);
        }

        @Override
        public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            barrier.beforeCommit();
            super.commitAsync(offsets, callback);
        }
    }
}
