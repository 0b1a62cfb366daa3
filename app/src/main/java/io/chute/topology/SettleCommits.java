package io.chute.topology;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Grouped inserts: keeps commits coming while a task has rows on their way. Kafka Streams commits a task only when
 * it took records since its last commit or punctuated, while a grouped commit may hold a lane's blocks for a later
 * one (its last group is still inserting), and a group's LANDED entries go in the commit after it landed. Records
 * that stop right after such a commit would leave those blocks unsent and those entries GROUPED (a restart much
 * later would find them older than the dedup window). So a task that took a record keeps a wall-clock punctuation at
 * the commit interval, which marks it for the next commit, until its thread has nothing of its partition left to
 * cut, insert or mark landed, then cancels it: a busy task's punctuation changes nothing (its records mark it
 * already), and an idle instance commits nothing. Stream-thread confined, one per task.
 */
final class SettleCommits {
    private final ProcessorContext<?, ?> context;
    private final BooleanSupplier unsettled;
    private final Duration interval;
    private Cancellable punctuator;

    /** @param unsettled whether the task's rows wait in open blocks, for a commit, an insert, or their LANDED */
    SettleCommits(ProcessorContext<?, ?> context, BooleanSupplier unsettled, Duration interval) {
        this.context = context;
        this.unsettled = unsettled;
        this.interval = interval;
    }

    /** The task took a record (from its processor, where Streams allows scheduling). */
    void tookRecord() {
        if (punctuator == null) {
            punctuator = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> settleOrStop());
        }
    }

    private void settleOrStop() {
        if (!unsettled.getAsBoolean()) {
            punctuator.cancel();
            punctuator = null;
        }
    }
}
