package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.config.ChuteConfig;
import io.chute.dlq.BadRowDeadLetters;
import io.chute.sink.BlockSink;
import io.chute.sink.InsertPipeline;
import io.chute.sink.LandedMetrics;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;
import io.chute.state.RecoveryPlan;
import io.chute.validation.RecordValidator;

/**
 * Creates the parts of one stream task from the instance's {@link ChuteDeps}, as Kafka Streams' task creators do:
 * encoders, the row pipeline and fast path, the task's fenced ledger, its insert pipeline and open blocks. Opening
 * the ledger fences the previous owner; interrupted blocks it reports are re-inserted ({@link Recovery}) before the
 * task takes its first record (see topology-docs/DESIGN.md).
 */
final class TaskAssembly {
    /** The processor's logger: "IngestProcessor - task ... ready" is the line operators and ITs look for. */
    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    /** What {@link IngestProcessor} works with; nothing else of the instance reaches it. */
    record Task(RowPipeline rows, FastRows fast, TaskSinks sinks, MemoryPressure pressure, IngestCounters counters,
                RejectedRecords rejected, CommitBarrier barrier, PunctuationPace punctuation) {
    }

    private final ChuteDeps deps;
    /** One for the instance: its scans are paced by the budget's growth, whichever task's record grew it. */
    private final MemoryPressure pressure;
    private final GroupReform groups;
    private final BadRowDeadLetters deadLetters;

    TaskAssembly(ChuteDeps deps) {
        this.deps = deps;
        this.groups = new GroupReform(deps);
        this.deadLetters = new BadRowDeadLetters(deps.tasks().fetcher(),
                deps.config().getString(ChuteConfig.DLQ_TOPIC_CONFIG), deps.config().applicationId(),
                deps.time()::milliseconds);
        this.pressure = new MemoryPressure(deps.inserts().instanceLimits(), deps.barrier(), deps.metrics(),
                deps.inserts().limits());
    }

    /** The commit interval Kafka Streams runs with. */
    Duration commitInterval() {
        return Duration.ofMillis(deps.config().streamsCommitIntervalMs());
    }

    /** Rows one record may become: one per target table. */
    int maxRowsPerRecord() {
        return Math.max(1, deps.rows().tables().size());
    }

    /** Builds the task's parts, opens its ledger and re-inserts the blocks the previous owner left as INTENT. */
    Task create(TaskId taskId) {
        ChuteConfig config = deps.config();
        TableEncoders encoders = new TableEncoders(deps.rows().tables(), config.schemaEvolution(), deps.metrics().mapping(),
                PositionColumns.Names.from(config));
        RowPipeline rows = new RowPipeline(new RecordValidator(deps.rows().validatorConfig(), deps.rows().schemas()),
                deps.rows().router(), encoders, deps.metrics(), deps.time());
        FastRows fast = new FastRows(encoders, deps.rows().validatorConfig(), deps.rows().router());
        LedgerOpener.Opened opened = deps.tasks().ledgers().take(taskId);
        IntentLedger ledger = opened.ledger();
        GroupedInserts grouped = deps.barrier().grouped();
        BlockSink sink = grouped != null ? new GroupSink(grouped, taskId.partition()) : pipeline(ledger);
        TaskSinks sinks = new TaskSinks(config.dedupNamespace(), taskId.partition(), deps.inserts().limits(),
                deps.inserts().instanceLimits(), deps.time()::milliseconds, ledger, sink, deps.metrics());
        try {
            recover(taskId, opened, rows, sinks);
        } catch (RuntimeException e) {
            sinks.close(); // the processor never got the task: nothing else would close its ledger
            throw e;
        }
        return new Task(rows, fast, sinks, pressure, new IngestCounters(deps.metrics()),
                new RejectedRecords(deps.metrics(), deps.time()::milliseconds, config.applicationId()), deps.barrier(),
                new PunctuationPace(deps.inserts().limits().lingerMillis()));
    }

    private InsertPipeline pipeline(IntentLedger ledger) {
        ChuteConfig config = deps.config();
        return new InsertPipeline(ledger, deps.inserts().inserter(), deps.inserts().executor(),
                config.getInt(ChuteConfig.INSERT_MAX_IN_FLIGHT_CONFIG),
                deadLetters, new LandedMetrics(deps.metrics(), deps.time()::milliseconds), deps.inserts().faults(),
                table -> deps.inserts().instanceLimits().landedDelayMillis(table,
                        deps.inserts().limits().lingerMillis(), config.getLong(ChuteConfig.COMMIT_INTERVAL_MS_CONFIG)),
                key -> deps.barrier().committedOffset(new TopicPartition(key.topic(), key.partition())));
    }

    /**
     * From the opened ledger: skip marks for every key, and the INTENT blocks re-inserted ahead of new ones, except
     * those below their partition's committed offset, which landed (Kafka Streams fetched the task's stable committed
     * offsets through the hooked main consumer right before this init: {@link CommitBarrier#fetched}); GROUPED
     * entries are settled by {@link GroupReform}.
     */
    private void recover(TaskId taskId, LedgerOpener.Opened opened, RowPipeline rows, TaskSinks sinks) {
        Recovery recovery = new Recovery(deps, rows);
        List<String> landedByCommit = new ArrayList<>();
        for (Map.Entry<LedgerKey, LedgerEntry> e : opened.entries().entrySet()) {
            LedgerKey key = e.getKey();
            RecoveryPlan plan = new RecoveryPlan(key, e.getValue(),
                    deps.barrier().fetchedOffset(new TopicPartition(key.topic(), key.partition())));
            sinks.markLanded(plan);
            if (plan.entry().state() == LedgerState.GROUPED) {
                try {
                    groups.settle(key, plan.entry(), opened.all(), recovery, opened.ledger(), deadLetters);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StreamsException("interrupted during recovery", ie);
                }
            } else if (plan.mustReinsert()) {
                recovery.reinsert(plan, sinks, deadLetters);
            } else if (plan.landedByCommit()) {
                landedByCommit.add(plan.entry().token() + " < " + plan.committedOffset());
            }
        }
        LOG.info("task {} ready: {} ledger entries, inputs {}; INTENT blocks below the committed offset (landed, not "
                + "re-inserted): {}", taskId, opened.entries().size(), deps.tasks().ledgers().inputs(taskId),
                landedByCommit);
    }
}
