package io.chute.topology;

import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/**
 * Backpressure for grouped inserts that needs no commit to end. Grouped blocks free their memory only once a commit
 * cut them and their group landed, and Kafka Streams makes no commit while a rebalance is in progress, so a stream
 * thread that waits in its processor for memory would wait for a commit its own waiting keeps from coming (it must
 * poll to finish the rebalance), and one that goes on taking records has no bound. Above the budget's hard limit the
 * instance's processing is paused instead ({@code KafkaStreams#pause()}): its stream threads stop taking records
 * between tasks but still poll, finish the rebalance and commit, and the commits cut the held blocks into groups
 * whose inserts free the memory; processing resumes as soon as a release brings the budget under its hard limit.
 * After the pause a thread takes at most the records left in the task it is processing (Streams checks the pause
 * per task, {@code numIterations} records at most), the bound's only overshoot. One per instance; thread-safe.
 */
public final class ProcessingPause {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingPause.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final MemoryBudget budget;
    private final LongSupplier nanos;
    private final Counter pauses;
    private final Counter pausedMillis;
    private volatile Runnable pauseStreams;
    private volatile Runnable resumeStreams;
    private volatile boolean paused;
    private long pausedAt;
    private long lastLog = Long.MIN_VALUE / 2;

    public ProcessingPause(MemoryBudget budget, ChuteMetrics metrics, LongSupplier nanos) {
        this.budget = budget;
        this.nanos = nanos;
        this.pauses = metrics.counter(ChuteMetric.BACKPRESSURE_WAITS);
        this.pausedMillis = metrics.counter(ChuteMetric.BACKPRESSURE_WAIT_MILLIS);
        budget.onRelease(this::released);
    }

    /** Kafka Streams exists: pauses go to it from now on (before, {@link #pauseOverHardLimit} declines). */
    public void attach(Runnable pause, Runnable resume) {
        this.resumeStreams = resume;
        this.pauseStreams = pause;
    }

    /**
     * Called by a stream thread between records: pauses processing when the budget is over its hard limit.
     *
     * @return whether processing is paused now (the caller asks for a commit, which is what frees the memory)
     */
    synchronized boolean pauseOverHardLimit() {
        Runnable streams = pauseStreams;
        if (streams == null || paused) {
            return paused;
        }
        paused = true; // before the check: a release racing with it then sees the pause and resumes after it
        if (!budget.overHardLimit()) {
            paused = false;
            return false;
        }
        pausedAt = nanos.getAsLong();
        pauses.increment();
        logPause();
        streams.run();
        return true;
    }

    /** Whether processing is paused for memory. */
    boolean paused() {
        return paused;
    }

    /** Memory was released (an insert landed, a task closed): resumes once the budget is under its hard limit. */
    private void released() {
        if (!paused) {
            return; // the common case, without the lock: every landed block releases memory
        }
        synchronized (this) {
            if (paused && !budget.overHardLimit()) {
                paused = false;
                pausedMillis.increment((nanos.getAsLong() - pausedAt) / 1_000_000.0);
                resumeStreams.run();
            }
        }
    }

    private void logPause() {
        long now = nanos.getAsLong() / 1_000_000;
        if (now - lastLog >= LOG_EVERY_MILLIS) {
            lastLog = now;
            LOG.warn("backpressure: {} (rows buffered and in flight, over buffer.memory.bytes); processing pauses "
                    + "until commits cut the held blocks and their inserts land (counted in {})", budget,
                    ChuteMetric.BACKPRESSURE_WAITS.metricName());
        }
    }
}
