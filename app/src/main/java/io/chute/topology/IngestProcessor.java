package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.dlq.DeadLetter;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.metrics.ChuteMetric;
import io.chute.sink.InsertPipeline;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerFencedException;
import io.chute.state.LedgerKey;
import io.chute.state.RecoveryPlan;
import io.chute.validation.RecordValidator;
import io.micrometer.core.instrument.Counter;

/**
 * Step 2 of the topology: validates each record, dead-letters the bad ones (forwarded to step 3), skips rows the
 * ledger says already landed, and appends encoded rows to the task's blocks. At init it fences the previous owner
 * of the task's ledger and re-inserts any interrupted block first (see topology-docs/DESIGN.md).
 */
final class IngestProcessor implements Processor<byte[], byte[], byte[], byte[]>, CommitBarrier.Participant {
    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private static final int MAX_DEAD_LETTER_LOGS_PER_SECOND = 10;

    private final ChuteDeps deps;
    private long logSecond;
    private int logsThisSecond;
    private long suppressedLogs;
    private final RowBinaryBuffer scratch = new RowBinaryBuffer(4096);
    private final int[] rowEnds;
    private final List<List<String>> rowColumns = new ArrayList<>();
    private ProcessorContext<byte[], byte[]> context;
    private RowPipeline rows;
    private FastRows fast;
    private TaskSinks sinks;
    private MemoryPressure pressure;
    private Counter in;
    private Counter valid;
    private Counter direct;
    /** Per table; a replay skips every row, so the meter lookup must not be per row. */
    private final Map<String, Counter> skippedLanded = new HashMap<>();

    IngestProcessor(ChuteDeps deps) {
        this.deps = deps;
        this.rowEnds = new int[Math.max(1, deps.tables().size())];
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        in = deps.metrics().counter(ChuteMetric.RECORDS_IN);
        valid = deps.metrics().counter(ChuteMetric.RECORDS_VALID);
        direct = deps.metrics().counter(ChuteMetric.RECORDS_DIRECT);
        TableEncoders encoders = new TableEncoders(deps.tables(), TableEncoders.Evolution.parse(
                deps.config().getString(io.chute.config.ChuteConfig.SCHEMA_EVOLUTION_CONFIG)),
                deps.metrics().mapping(), PositionColumns.Names.from(deps.config()));
        rows = new RowPipeline(new RecordValidator(deps.validatorConfig(), deps.schemas()), deps.router(), encoders,
                deps.metrics());
        fast = new FastRows(encoders, deps.validatorConfig(), deps.router());
        int partition = context.taskId().partition();
        IntentLedger ledger = deps.ledgers().create(context.taskId().toString());
        Map<Block, Long> timestamps = new ConcurrentHashMap<>();
        InsertPipeline pipeline = new InsertPipeline(ledger, deps.inserter(), deps.insertExecutor(),
                deps.config().getInt(io.chute.config.ChuteConfig.INSERT_MAX_IN_FLIGHT_CONFIG),
                new BadRowDeadLetters(deps.fetcher(), deps.config().getString(
                        io.chute.config.ChuteConfig.DLQ_TOPIC_CONFIG), deps.config().applicationId(), deps.clock()),
                new LandedMetrics(deps.metrics(), timestamps, deps.clock()), deps.faults(),
                table -> deps.instanceLimits().landedDelayMillis(table, deps.limits().lingerMillis(),
                        deps.config().getLong(io.chute.config.ChuteConfig.COMMIT_INTERVAL_MS_CONFIG)));
        sinks = new TaskSinks(deps.config().dedupNamespace(), partition, deps.limits(), deps.instanceLimits(),
                deps.clock(), ledger, pipeline, deps.metrics(), timestamps);
        pressure = new MemoryPressure(deps.instanceLimits().budget(), deps.barrier(), deps.metrics(),
                deps.limits());
        List<TopicPartition> inputs = new ArrayList<>();
        for (String topic : deps.config().sourceTopics()) {
            inputs.add(new TopicPartition(topic, partition));
        }
        Map<LedgerKey, io.chute.state.LedgerEntry> entries = ledger.open(inputs);
        Recovery recovery = new Recovery(deps, rows);
        for (Map.Entry<LedgerKey, io.chute.state.LedgerEntry> e : entries.entrySet()) {
            RecoveryPlan plan = new RecoveryPlan(e.getKey(), e.getValue());
            sinks.markLanded(plan);
            if (plan.mustReinsert()) {
                recovery.reinsert(plan, sinks);
            }
        }
        deps.barrier().register(this);
        long linger = deps.limits().lingerMillis();
        context.schedule(Duration.ofMillis(Math.max(10, Math.min(200, linger / 4))), PunctuationType.WALL_CLOCK_TIME,
                now -> interruptibly(sinks::submitExpired));
        LOG.info("task {} ready: {} ledger entries, inputs {}", context.taskId(), entries.size(), inputs);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata md = context.recordMetadata().orElseThrow();
        in.increment();
        scratch.clear();
        rowColumns.clear();
        List<String> tables;
        FastRows.Plan plan = fast.encode(md.topic(), md.partition(), md.offset(), record.timestamp(), record.value(),
                scratch, rowEnds);
        if (plan != null) {
            tables = plan.tables();
            rowColumns.addAll(plan.columns());
            direct.increment();
        } else {
            tables = encodeGeneric(record, md);
            if (tables == null) {
                return;
            }
        }
        int n = Math.min(tables.size(), rowEnds.length);
        valid.increment();
        int start = 0;
        for (int i = 0; i < n; i++) {
            String table = tables.get(i);
            final int from = start;
            final int len = rowEnds[i] - start;
            final List<String> columns = rowColumns.get(i);
            start = rowEnds[i];
            if (sinks.isLanded(table, md.topic(), md.offset())) {
                skippedLanded.computeIfAbsent(table, t -> deps.metrics().counter(ChuteMetric.ROWS_SKIPPED_LANDED,
                        "table", t)).increment();
                continue;
            }
            interruptibly(() -> {
                sinks.append(table, md.topic(), columns, md.offset(), record.timestamp(), scratch.array(), from, len);
                return null;
            });
        }
        interruptibly(pressure::relieve);
    }

    /**
     * Validates, routes and encodes every table's row into {@link #scratch} (all or nothing), then teaches the fast
     * path this (topic, schema id). Returns the tables, or null when the record was dead-lettered.
     */
    private List<String> encodeGeneric(Record<byte[], byte[]> record, RecordMetadata md) {
        RowPipeline.Outcome outcome = interruptibly(() -> rows.evaluate(md.topic(), record.value()));
        if (outcome.rejected()) {
            deadLetter(record, md, outcome.deadLetter());
            return null;
        }
        List<String> tables = outcome.tables();
        int n = Math.min(tables.size(), rowEnds.length);
        RowPipeline.SourcePosition at = new RowPipeline.SourcePosition(md.topic(), md.partition(), md.offset(),
                record.timestamp());
        for (int i = 0; i < n; i++) {
            // Encoded even when the row already landed: a replayed record must fail mapping the same way, or its
            // dead letter (lost with an aborted transaction) would never be written again.
            String table = tables.get(i);
            DeadLetter failure = interruptibly(() -> rows.encode(table, outcome.valid(), at, scratch));
            if (failure != null) {
                deadLetter(record, md, failure);
                return null;
            }
            rowEnds[i] = scratch.size();
            rowColumns.add(rows.columns(table));
        }
        if (n == tables.size()) {
            fast.learn(md.topic(), outcome.valid().schemaId(), outcome.valid().writerSchema(), tables, rowColumns);
        }
        return tables;
    }

    /**
     * Commit barrier, first phase. It and {@link #awaitLanded()} run inside the wrapped commit, which turns a
     * {@link LedgerFencedException} into Streams' fencing error.
     */
    @Override
    public void submitOpen(boolean mayHold) {
        uninterrupted(() -> sinks.submitForCommit(mayHold));
    }

    @Override
    public void heldOffsets(Map<TopicPartition, Long> out) {
        Map<String, Long> byTopic = new HashMap<>();
        sinks.heldOffsets(byTopic);
        int partition = context.taskId().partition();
        byTopic.forEach((topic, offset) -> out.merge(new TopicPartition(topic, partition), offset, Math::min));
    }

    @Override
    public void awaitLanded() {
        uninterrupted(sinks::awaitAll);
        deps.metrics().counter(ChuteMetric.COMMITS).increment();
    }

    @Override
    public long largestOpenBytes() {
        return sinks.largestOpenBytes();
    }

    @Override
    public boolean submitLargest() {
        return interruptibly(sinks::submitLargest);
    }

    /** Interruption becomes a StreamsException; other errors (fencing) propagate as they are. */
    private static void uninterrupted(InterruptibleRun run) {
        try {
            run.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted", e);
        }
    }

    @Override
    public void close() {
        deps.barrier().unregister(this);
        if (sinks != null) {
            sinks.close();
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata md, DeadLetter letter) {
        deps.metrics().deadLettered(letter.reason());
        sinks.deadLettered(md.topic(), md.offset());
        long second = deps.clock().getAsLong() / 1000;
        if (second != logSecond) {
            if (suppressedLogs > 0) {
                LOG.info("{} more dead letters in the last second (counted in chute.records.dead.lettered)",
                        suppressedLogs);
            }
            logSecond = second;
            logsThisSecond = 0;
            suppressedLogs = 0;
        }
        if (logsThisSecond++ < MAX_DEAD_LETTER_LOGS_PER_SECOND) {
            LOG.info("dead letter {} {}-{}@{}: {}", letter.reason(), md.topic(), md.partition(), md.offset(),
                    letter.message());
        } else {
            suppressedLogs++;
        }
        long now = deps.clock().getAsLong();
        context.forward(record.withHeaders(letter.headersFor(record.headers(), md.topic(), md.partition(),
                md.offset(), record.timestamp(), deps.config().applicationId(), now)), ChuteTopology.DEAD_LETTERS);
    }

    /**
     * Checked interruption becomes a StreamsException: the thread is shutting down. A fenced ledger (a newer owner
     * has this task) becomes {@link TaskMigratedException}: Streams then closes this thread's tasks dirty, aborts
     * its transaction and rejoins the group, instead of shutting the whole instance down.
     */
    private static <T> T interruptibly(InterruptibleCall<T> call) {
        try {
            return call.call();
        } catch (LedgerFencedException e) {
            throw new TaskMigratedException("the ledger of this task was fenced by a newer owner", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted", e);
        }
    }

    private static void interruptibly(InterruptibleRun run) {
        interruptibly(() -> {
            run.run();
            return null;
        });
    }

    @FunctionalInterface
    private interface InterruptibleCall<T> {
        T call() throws InterruptedException;
    }

    @FunctionalInterface
    private interface InterruptibleRun {
        void run() throws InterruptedException;
    }
}
