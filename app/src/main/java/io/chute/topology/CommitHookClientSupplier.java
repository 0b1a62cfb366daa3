package io.chute.topology;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import io.chute.block.InstanceLimits;
import io.chute.block.SourceEnds;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;
import io.chute.state.LedgerFencedException;

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
 * <p>The commits that carry offsets let the barrier keep some blocks open (many quiet lanes, see
 * {@link CommitBarrier#beforeCommit(boolean)}): the offset committed for such a partition is then the first offset
 * of its oldest open block, so a restart re-reads it; the others (no offsets given) land everything.
 *
 * <p>Offsets whose commit returned, and the committed offsets the main consumer fetches for a new task, are handed
 * to {@link CommitBarrier#committed}: a block below a partition's committed offset has landed, so its deferred
 * LANDED need not be written, and recovery does not re-insert it (issue 10, {@code state.RecoveryPlan}).
 *
 * <p>When the barrier finds a task's ledger fenced (a newer owner has the task), the commit fails with the error
 * Streams itself raises for a fenced member ({@link ProducerFencedException}, {@link CommitFailedException}); Streams
 * turns it into {@code TaskMigratedException}: it closes the thread's tasks dirty, aborts the open transaction and
 * rejoins the group. Any other barrier failure propagates as is and stops the instance.
 *
 * <p>Why not a state store's {@code commit()}: in Kafka Streams 4.3 it runs after the offset commit under
 * at_least_once and not at all on regular commits under exactly_once_v2, so a crash in between loses rows.
 */
public final class CommitHookClientSupplier implements KafkaClientSupplier {
    private final CommitBarrier barrier;
    private final SourceEnds ends;
    private final LedgerOpener ledgers;
    private final Gates gates;
    private final long punctuationMillis;

    /**
     * What each main consumer's {@link FetchGate} needs: the instance's budget and its count of held partitions
     * ({@link InstanceLimits#fetchPaused}), and {@code pauses}, which counts every hold.
     *
     * @param enabled     {@code buffer.memory.pause.partitions}
     * @param clockMillis wall clock (ms)
     */
    public record Gates(InstanceLimits instance, long blockMaxBytes, boolean enabled, Counter pauses,
                        LongSupplier clockMillis) {
    }

    /**
     * @param ends    updated from every poll of a main consumer: where the polled partitions end
     * @param ledgers told of every main consumer's assigned and revoked partitions
     * @param punctuationMillis how often each main consumer's {@link ThreadPunctuation} punctuates its thread's tasks
     */
    public CommitHookClientSupplier(CommitBarrier barrier, SourceEnds ends, LedgerOpener ledgers, Gates gates,
                                    long punctuationMillis) {
        this.barrier = barrier;
        this.ends = ends;
        this.ledgers = ledgers;
        this.gates = gates;
        this.punctuationMillis = punctuationMillis;
    }

    /** The hooks of an instance's tasks. */
    public static CommitHookClientSupplier of(ChuteDeps deps) {
        Gates gates = new Gates(deps.inserts().instanceLimits(), deps.inserts().limits().maxBytes(),
                deps.config().getBoolean(ChuteConfig.BUFFER_MEMORY_PAUSE_PARTITIONS_CONFIG),
                deps.metrics().counter(ChuteMetric.PARTITION_PAUSES_MEMORY), deps.time()::milliseconds);
        deps.metrics().gauge(ChuteMetric.PARTITIONS_PAUSED_MEMORY, gates.instance().fetchPaused()::get);
        return new CommitHookClientSupplier(deps.barrier(), deps.inserts().instanceLimits().sourceEnds(),
                deps.tasks().ledgers(), gates, new PunctuationPace(deps.inserts().limits().lingerMillis()).baseMillis());
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
        return new HookedConsumer(config, barrier, ends, ledgers, gates,
                new ThreadPunctuation(barrier, punctuationMillis, gates.clockMillis()));
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The offsets to commit: each partition's consumed offset, or the first offset of its oldest block kept open
     * across this commit when lower (its metadata kept).
     */
    static Map<TopicPartition, OffsetAndMetadata> held(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                       Map<TopicPartition, Long> held) {
        if (held.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>(offsets);
        held.forEach((tp, first) -> out.computeIfPresent(tp, (k, consumed) -> first < consumed.offset()
                ? new OffsetAndMetadata(first, consumed.leaderEpoch(), consumed.metadata()) : consumed));
        return out;
    }

    /**
     * Streams' rebalance listener, with the new tasks' ledgers opening before Streams creates the tasks, and the
     * fetch gate forgetting partitions that left.
     */
    private record OpeningLedgers(ConsumerRebalanceListener streams, LedgerOpener ledgers, FetchGate gate)
            implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            ledgers.assigned(partitions);
            streams.onPartitionsAssigned(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            streams.onPartitionsRevoked(partitions);
            ledgers.revoked(partitions);
            gate.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            streams.onPartitionsLost(partitions);
            ledgers.revoked(partitions);
            gate.forget(partitions);
        }
    }

    /** Streams' own fencing error, with the ledger's fencing as its cause. */
    static <E extends RuntimeException> E fenced(E streamsFencingError, LedgerFencedException cause) {
        streamsFencingError.initCause(cause);
        return streamsFencingError;
    }

    /**
     * at_least_once: Streams commits with commitSync; every variant is covered. Every poll also records where the
     * polled partitions end (whether their tasks are catching up) after its {@link FetchGate} chose the partitions
     * to fetch, and every assignment starts opening the new tasks' ledgers ({@link LedgerOpener}).
     */
    private static final class HookedConsumer extends KafkaConsumer<byte[], byte[]> {
        private final CommitBarrier barrier;
        private final SourceEnds ends;
        private final LedgerOpener ledgers;
        private final FetchGate gate;
        private final ThreadPunctuation punctuation;
        private final Map<TopicPartition, SourceEnds.End> endOf = new HashMap<>();

        HookedConsumer(Map<String, Object> config, CommitBarrier barrier, SourceEnds ends, LedgerOpener ledgers,
                       Gates gates, ThreadPunctuation punctuation) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.barrier = barrier;
            this.ends = ends;
            this.ledgers = ledgers;
            this.punctuation = punctuation;
            this.gate = new FetchGate(new FetchGate.Pauses() {
                @Override
                public void pause(Collection<TopicPartition> partitions) {
                    HookedConsumer.super.pause(partitions);
                }

                @Override
                public void resume(Collection<TopicPartition> partitions) {
                    HookedConsumer.super.resume(partitions);
                }
            }, barrier::loads, gates);
            barrier.hookCommittedFetch();
            barrier.hookThreadPunctuation();
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, new OpeningLedgers(listener, ledgers, gate));
        }

        @Override
        public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
            super.subscribe(pattern, new OpeningLedgers(listener, ledgers, gate));
        }

        @Override
        public void pause(Collection<TopicPartition> partitions) {
            gate.pausedByStreams(partitions);
        }

        @Override
        public void resume(Collection<TopicPartition> partitions) {
            gate.resumedByStreams(partitions);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            punctuation.beforePoll();
            gate.beforePoll(this::assignment);
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (!records.isEmpty()) {
                recordEnds(records);
            }
            return records;
        }

        /**
         * A partition's end is its next offset plus the lag of the fetch (high watermark or last stable offset),
         * kept with the last record this poll returned of it (the end may count a transaction marker after it).
         */
        private void recordEnds(ConsumerRecords<byte[], byte[]> records) {
            for (Map.Entry<TopicPartition, OffsetAndMetadata> next : records.nextOffsets().entrySet()) {
                TopicPartition tp = next.getKey();
                OptionalLong lag = currentLag(tp);
                if (lag.isPresent()) {
                    SourceEnds.End end = endOf.computeIfAbsent(tp, p -> ends.of(p.topic(), p.partition()));
                    List<ConsumerRecord<byte[], byte[]>> returned = records.records(tp);
                    end.set(next.getValue().offset() + lag.getAsLong(),
                            returned.isEmpty() ? end.lastRecord() : returned.get(returned.size() - 1).offset());
                }
            }
        }

        private void landBeforeCommit() {
            landBeforeCommit(false);
        }

        private Map<TopicPartition, Long> landBeforeCommit(boolean mayHold) {
            try {
                return barrier.beforeCommit(mayHold);
            } catch (LedgerFencedException e) {
                throw fenced(new CommitFailedException(e.getMessage()), e);
            }
        }

        @Override
        public void commitSync() {
            landBeforeCommit();
            super.commitSync();
        }

        @Override
        public void commitSync(Duration timeout) {
            landBeforeCommit();
            super.commitSync(timeout);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            Map<TopicPartition, OffsetAndMetadata> sent = held(offsets, landBeforeCommit(true));
            super.commitSync(sent);
            barrier.committed(sent);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            Map<TopicPartition, OffsetAndMetadata> sent = held(offsets, landBeforeCommit(true));
            super.commitSync(sent, timeout);
            barrier.committed(sent);
        }

        /** Streams fetches a task's committed offsets here (stable ones) right before its processor's init. */
        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> offsets = super.committed(partitions);
            barrier.fetched(offsets);
            return offsets;
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
            Map<TopicPartition, OffsetAndMetadata> offsets = super.committed(partitions, timeout);
            barrier.fetched(offsets);
            return offsets;
        }

        @Override
        public void commitAsync() {
            landBeforeCommit();
            super.commitAsync();
        }

        @Override
        public void commitAsync(OffsetCommitCallback callback) {
            landBeforeCommit();
            super.commitAsync(callback);
        }

        @Override
        public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            landBeforeCommit();
            super.commitAsync(offsets, callback);
        }
    }
}
