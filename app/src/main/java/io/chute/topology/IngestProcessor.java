package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.chute.block.ColumnLayout;
import io.chute.dlq.DeadLetter;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.state.LedgerFencedException;

/**
 * Step 2 of the topology: validates each record, dead-letters the bad ones (forwarded to step 3), skips rows the
 * ledger says already landed, and appends encoded rows to the task's blocks. Its parts come from
 * {@link TaskAssembly} at init, which also fences the previous owner of the task's ledger and re-inserts any
 * interrupted block first (see topology-docs/DESIGN.md).
 */
final class IngestProcessor implements Processor<byte[], byte[], byte[], byte[]>, CommitBarrier.Participant {
    /** How long a closing task waits for its thread's groups to land before writing their LANDED entries. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private final TaskAssembly assembly;
    private final RowBinaryBuffer scratch = new RowBinaryBuffer(4096);
    private final int[] rowEnds;
    private final List<ColumnLayout> rowColumns = new ArrayList<>();
    private ProcessorContext<byte[], byte[]> context;
    private TaskAssembly.Task task;
    private RowPipeline rows;
    private FastRows fast;
    private TaskSinks sinks;
    private IngestCounters counters;
    private Cancellable punctuator;
    private long punctuationMillis;
    /** Grouped inserts: commits while this task's rows are on their way; null per lane. */
    private SettleCommits settle;
    /** What the thread's punctuation threw for this task: raised by its next record or commit, in its context. */
    private RuntimeException punctuationFailure;

    IngestProcessor(TaskAssembly assembly) {
        this.assembly = assembly;
        this.rowEnds = new int[assembly.maxRowsPerRecord()];
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        task = assembly.create(context.taskId());
        rows = task.rows();
        fast = task.fast();
        sinks = task.sinks();
        counters = task.counters();
        task.barrier().register(this);
        GroupedInserts grouped = task.barrier().grouped();
        if (grouped != null) {
            int partition = context.taskId().partition();
            settle = new SettleCommits(context, () -> sinks.hasOpenRows() || grouped.unsettled(partition),
                    assembly.commitInterval());
        }
        if (!task.barrier().threadsPunctuate()) {
            schedulePunctuation();
        }
    }

    /**
     * Without a {@link ThreadPunctuation} (chute did not build the main consumer): (re)schedules the task's own
     * punctuation at the pace of the thread's task count, which grows as its tasks start.
     */
    private void schedulePunctuation() {
        long millis = task.punctuation().millis(task.barrier().participantsOfThisThread());
        if (millis == punctuationMillis) {
            return;
        }
        if (punctuator != null) {
            punctuator.cancel();
        }
        punctuationMillis = millis;
        punctuator = context.schedule(Duration.ofMillis(millis), PunctuationType.WALL_CLOCK_TIME, now -> {
            interruptibly(sinks::submitExpired);
            schedulePunctuation();
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        raisePunctuationFailure();
        RecordMetadata md = context.recordMetadata().orElseThrow();
        counters.in.increment();
        if (settle != null) {
            settle.tookRecord();
        }
        sinks.reading(md.topic(), md.offset());
        scratch.clear();
        rowColumns.clear();
        List<String> tables;
        FastRows.Plan plan = fast.encode(md.topic(), md.partition(), md.offset(), record.timestamp(), record.value(),
                scratch, rowEnds);
        if (plan != null) {
            tables = plan.tables();
            rowColumns.addAll(plan.columns());
            counters.direct.increment();
        } else {
            tables = encodeGeneric(record, md);
            if (tables == null) {
                return;
            }
        }
        counters.valid.increment();
        int start = 0;
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i);
            final int from = start;
            final int len = rowEnds[i] - start;
            final ColumnLayout columns = rowColumns.get(i);
            start = rowEnds[i];
            if (sinks.isLanded(table, md.topic(), md.offset())) {
                counters.skippedLanded(table);
                continue;
            }
            interruptibly(() -> {
                sinks.append(table, md.topic(), columns, md.offset(), record.timestamp(), scratch.array(), from, len);
                return null;
            });
        }
        if (sinks.reachedEnd()) { // a backlog's last record: its blocks need not wait for the next punctuation
            interruptibly(sinks::submitExpired);
        }
        if (interruptibly(task.pressure()::relieve)) {
            context.commit(); // grouped inserts under memory pressure: closed blocks go at the next commit
        }
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
        requireRowSlots(tables.size(), rowEnds.length, md);
        RowPipeline.SourcePosition at = new RowPipeline.SourcePosition(md.topic(), md.partition(), md.offset(),
                record.timestamp());
        for (int i = 0; i < tables.size(); i++) {
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
        fast.learn(md.topic(), outcome.valid().schemaId(), outcome.valid().writerSchema(), tables, rowColumns);
        return tables;
    }

    /**
     * A record routed to more tables than the instance has (the router and the table set disagree): an error,
     * never rows dropped silently.
     */
    static void requireRowSlots(int tables, int slots, RecordMetadata md) {
        if (tables > slots) {
            throw new IllegalStateException("record " + md.topic() + "-" + md.partition() + "@" + md.offset()
                    + " is routed to " + tables + " tables, but the instance holds " + slots + " target tables");
        }
    }

    /**
     * Commit barrier, first phase. It and {@link #awaitLanded(boolean)} run inside the wrapped commit, which turns a
     * {@link LedgerFencedException} into Streams' fencing error.
     */
    @Override
    public void submitOpen(boolean mayHold) {
        RuntimeException failure = takePunctuationFailure();
        if (failure != null) {
            throw failure; // the wrapped commit turns fencing into Streams' own error
        }
        uninterrupted(() -> sinks.submitForCommit(mayHold));
    }

    /**
     * The thread's punctuation, run from its main consumer's poll, outside any task: a failure (fencing, a fatal
     * insert error, both also kept by the task's insert pipeline) is kept and raised by the task's next record or
     * commit, where Streams handles it per task. An interruption keeps the thread's interrupt flag, and the poll
     * that follows ends the thread.
     */
    @Override
    public void punctuate() {
        if (punctuationFailure != null) {
            return;
        }
        try {
            sinks.submitExpired();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            punctuationFailure = e;
        }
    }

    /** Per record: a read of a field that is almost always null, no write. */
    private void raisePunctuationFailure() {
        if (punctuationFailure == null) {
            return;
        }
        RuntimeException failure = takePunctuationFailure();
        if (failure instanceof LedgerFencedException fenced) {
            throw migrated(fenced);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException takePunctuationFailure() {
        RuntimeException failure = punctuationFailure;
        punctuationFailure = null;
        return failure;
    }

    @Override
    public void heldOffsets(Map<TopicPartition, Long> out) {
        Map<String, Long> byTopic = new HashMap<>();
        sinks.heldOffsets(byTopic);
        int partition = context.taskId().partition();
        byTopic.forEach((topic, offset) -> out.merge(new TopicPartition(topic, partition), offset, Math::min));
    }

    @Override
    public void deadLetters(Map<TopicPartition, Long> out) {
        Map<String, Long> byTopic = new HashMap<>();
        sinks.deadLetters(byTopic);
        int partition = context.taskId().partition();
        byTopic.forEach((topic, offset) -> out.put(new TopicPartition(topic, partition), offset));
    }

    @Override
    public void awaitLanded(boolean mayHold) {
        uninterrupted(() -> sinks.awaitForCommit(mayHold));
        counters.commits.increment();
    }

    @Override
    public int partition() {
        return context.taskId().partition();
    }

    @Override
    public void loads(Map<TopicPartition, SourceLoad> out) {
        sinks.loads(out);
    }

    @Override
    public long largestOpenBytes() {
        return sinks.largestOpenBytes();
    }

    @Override
    public EarlyBlocks submitLargest() {
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
        if (task != null) {
            GroupedInserts grouped = task.barrier().grouped();
            if (grouped != null) { // Streams committed right before closing the task: its groups' LANDED entries
                grouped.landOnClose(task.barrier().ownedPartitions(), task.barrier()::committedOffset, CLOSE_WAIT);
            }
            task.barrier().unregister(this);
            sinks.close();
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata md, DeadLetter letter) {
        sinks.deadLettered(md.topic(), md.offset());
        context.forward(task.rejected().deadLetter(record, md, letter), ChuteTopology.DEAD_LETTERS);
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
            throw migrated(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted", e);
        }
    }

    private static TaskMigratedException migrated(LedgerFencedException e) {
        return new TaskMigratedException("the ledger of this task was fenced or its producer failed: " + e.getMessage(), e);
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
