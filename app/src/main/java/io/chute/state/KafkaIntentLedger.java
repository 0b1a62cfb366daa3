package io.chute.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.chute.block.BlockId;

/**
 * {@link IntentLedger} on a compacted Kafka topic. One transactional producer per stream task
 * ({@code transactional.id = <application.id>-chute-ledger-<taskId>}): {@code initTransactions()} in
 * {@link #open} fences the previous owner, and every {@link #intent}/{@link #landed} is in a committed
 * transaction when it returns, so it is durable, and a fenced zombie gets {@link LedgerFencedException}.
 *
 * <p>A producer runs one transaction at a time: calls of several keys of the task (its lanes insert on several
 * threads) that overlap share one transaction ({@link GroupCommit}), so a task whose tables' blocks close together
 * pays one transaction for all of them (issue 10). A failed write other than fencing aborts its transaction and
 * throws {@link LedgerException} to every call in it; the task must then stop and recover from the ledger.
 */
public final class KafkaIntentLedger implements IntentLedger {

    /** Ledger producers' transaction.timeout.ms. */
    public static final int TRANSACTION_TIMEOUT_MS = 30_000;

    /**
     * One producer per task, so hundreds per instance at many partitions (issue 10): measured here (32 producers
     * after one transaction each, heap after GC) 387 KB each with Kafka's defaults, 230 KB with these, of which
     * ~130 KB was the ledger consumer, then kept after open; the producer alone is ~110 KB (heap dumps at 256
     * tasks, mostly its client metrics; {@code MemoryBudget.TASK_BYTES} counts it). Telemetry
     * push (KIP-714) keeps a copy of every metric (~130 KB); JMX beans of per-task producers are noise (chute's own
     * metrics count ledger transactions); a ledger batch is a few hundred bytes, and the pool keeps one free batch
     * buffer per producer (16 KB by default; a larger record, e.g. a dead letter, gets its own buffer).
     */
    static final Map<String, Object> LEAN_PRODUCER = Map.of(
            ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false,
            ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "",
            ProducerConfig.BATCH_SIZE_CONFIG, 1024);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Duration readTimeout;
    private final LedgerEnds ends;
    private final LongSupplier clockMillis;
    /**
     * Per key, its last INTENT's block and rows (a LANDED repeats the rows). Per key, not per block: a LANDED below
     * the committed offset is never written (issue 10), so entries per block would pile up.
     */
    private final Map<LedgerKey, LastIntent> intentRows = new ConcurrentHashMap<>();
    private final GroupCommit commits = new GroupCommit(this::commit);
    private volatile boolean fenced;

    /**
     * @param producer a transactional producer of this task (its transactional.id identifies the owner)
     * @param consumers makes the read_committed consumer that {@link #open} reads the ledger with and closes: made
     *                  there and never kept, since even a closed consumer holds ~130 KB (metrics, buffers), 34 MB
     *                  at 256 tasks (issue 10, measured in a heap dump)
     * @param ends     how far {@link #open} must read (the ledger topic's high watermarks)
     */
    public KafkaIntentLedger(String topic, Producer<byte[], byte[]> producer,
                             Supplier<Consumer<byte[], byte[]>> consumers,
                             Duration readTimeout, LedgerEnds ends, LongSupplier clockMillis) {
        this.topic = Objects.requireNonNull(topic);
        this.producer = Objects.requireNonNull(producer);
        this.consumers = Objects.requireNonNull(consumers);
        this.readTimeout = Objects.requireNonNull(readTimeout);
        this.ends = Objects.requireNonNull(ends);
        this.clockMillis = Objects.requireNonNull(clockMillis);
    }

    /**
     * Builds the ledger with real clients.
     *
     * @param clientProps connection properties (bootstrap servers, security); serializers, transactional and
     *                    isolation settings are set here
     * @param ends        the ledger topic's high watermarks (one {@link HighWatermarks} per instance)
     */
    public static KafkaIntentLedger create(String topic, String transactionalId, Map<String, Object> clientProps,
                                           Duration readTimeout, LedgerEnds ends) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One small write per transaction (never an insert): 30 s covers a GC pause or a slow broker, and an
        // orphaned one holds the ledger's read_committed readers for at most that long (DESIGN.md, Failover).
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        p.putAll(LEAN_PRODUCER);
        Properties c = new Properties();
        c.putAll(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaIntentLedger(topic,
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()),
                () -> new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                readTimeout, ends, System::currentTimeMillis);
    }

    @Override
    public void claim() {
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            throw translate("opening the ledger", e);
        }
    }

    @Override
    public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
        claim();
        Set<TopicPartition> wanted = new HashSet<>(inputs);
        Map<LedgerKey, LedgerEntry> result = new HashMap<>();
        Consumer<byte[], byte[]> consumer = consumers.get();
        try {
            new LedgerReader(consumer, topic, readTimeout, ends).readAll().forEach((key, entry) -> {
                if (wanted.contains(new TopicPartition(key.topic(), key.partition()))) {
                    result.put(key, entry);
                }
            });
        } finally {
            // read once per task: an idle consumer per task would keep hundreds of clients (connections, metrics,
            // fetch buffers) alive for nothing at many partitions
            consumer.close();
        }
        return result;
    }

    @Override
    public int intent(BlockId id, int rows) {
        return write(id, List.of(), intentEntry(id, rows));
    }

    @Override
    public int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords) {
        return write(id, extraRecords, landedEntry(id));
    }

    /** Both entries and the extra records in one transaction; the INTENT goes last, so it is the key's newest. */
    @Override
    public int landedThenIntent(BlockId landed, List<ProducerRecord<byte[], byte[]>> extraRecords, BlockId next,
                                int nextRows) {
        if (!landed.table().equals(next.table()) || !landed.topic().equals(next.topic())
                || landed.partition() != next.partition()) {
            throw new IllegalArgumentException(landed + " and " + next + " are blocks of different keys");
        }
        return write(next, extraRecords, landedEntry(landed), intentEntry(next, nextRows));
    }

    private LedgerEntry intentEntry(BlockId id, int rows) {
        intentRows.put(new LedgerKey(id.table(), id.topic(), id.partition()), new LastIntent(id, rows));
        return LedgerEntry.of(LedgerState.INTENT, id, rows, clockMillis.getAsLong());
    }

    private LedgerEntry landedEntry(BlockId id) {
        LastIntent last = intentRows.get(new LedgerKey(id.table(), id.topic(), id.partition()));
        int rows = last != null && last.id().equals(id) ? last.rows() : -1;
        return LedgerEntry.of(LedgerState.LANDED, id, rows, clockMillis.getAsLong());
    }

    /**
     * The entries (all of {@code id}'s key) in order, then the extra records, in one transaction, maybe shared with
     * other keys' calls; returns 1 when this call committed that transaction, 0 when another call did.
     */
    private int write(BlockId id, List<ProducerRecord<byte[], byte[]>> extras, LedgerEntry... entries) {
        String what = entries[entries.length - 1].state() + " of " + id.token();
        if (fenced) {
            throw new LedgerFencedException("ledger of this task was fenced; not writing " + what, null);
        }
        byte[] key = new LedgerKey(id.table(), id.topic(), id.partition()).encode();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(entries.length + extras.size());
        for (LedgerEntry entry : entries) {
            records.add(new ProducerRecord<>(topic, key, LedgerCodec.encode(entry)));
        }
        records.addAll(extras);
        return commits.write(records, what);
    }

    /** One transaction of a batch of calls' records ({@link GroupCommit}); what it throws, each call throws. */
    private void commit(List<ProducerRecord<byte[], byte[]>> records, String what) {
        if (fenced) { // an earlier batch was fenced: this one must not begin a transaction
            throw new LedgerFencedException("ledger of this task was fenced; not writing " + what, null);
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            RuntimeException translated = translate("writing " + what, e);
            if (!fenced) {
                abortQuietly(translated);
            }
            throw translated;
        }
    }

    /**
     * Fencing, and an {@link InvalidTxnStateException}, become {@link LedgerFencedException}: the task stops and is
     * opened again. The latter leaves the producer in a fatal state; it was seen on a task's first INTENT when
     * many ledger transactions began at one instant (a single local broker, transactions V2; cause in Kafka not
     * found), and stopping the instance for it lost nothing but availability. Reopening claims the ledger anew with a
     * new producer, which aborts what the failed one left; its entries were never durable, so the block was never
     * inserted (DESIGN.md, crash points).
     */
    private RuntimeException translate(String what, KafkaException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                fenced = true;
                return new LedgerFencedException("fenced while " + what + ": a newer owner took over this task", e);
            }
            if (t instanceof InvalidTxnStateException) {
                fenced = true;
                return new LedgerFencedException("the ledger's producer failed fatally while " + what
                        + " (invalid transaction state): the task is closed and opened again", e);
            }
        }
        return new LedgerException("failed " + what, e);
    }

    private void abortQuietly(RuntimeException failure) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private record LastIntent(BlockId id, int rows) {
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
