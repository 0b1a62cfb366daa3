package io.chute.topology;

import java.util.function.LongSupplier;

/**
 * One punctuation per stream thread instead of one per task (issue 10): before each poll of its main consumer, at
 * most every {@link PunctuationPace#baseMillis()}, the thread's tasks submit the blocks whose linger passed
 * ({@link CommitBarrier#punctuate}). Kafka Streams halves the records it takes per task in a pass of its loop
 * whenever that pass ran a punctuator, and every task's punctuator is a check in every pass: at 64 tasks punctuating
 * every 200 ms, or 256 every 800 ms, one ran in nearly every pass, so passes took a record or two per task and
 * Streams' per-task checks (a formatted log message per task, the clock, punctuation queues) took a fifth of the
 * stream thread (JFR at 256 partitions). With no task punctuator those passes grow, and the linger is checked at the
 * base interval however many tasks the thread carries (it was stretched to up to 1 s at many tasks).
 *
 * <p>Streams polls once its tasks' queues ran dry, so after at most one poll's records ({@code max.poll.records},
 * 5,000) when busy and every {@code poll.ms} (100 ms) when idle: a block closes at most that long after its check is
 * due. Confined to the consumer's stream thread.
 */
final class ThreadPunctuation {
    private final CommitBarrier barrier;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private long lastMillis;
    private boolean ran;

    ThreadPunctuation(CommitBarrier barrier, long intervalMillis, LongSupplier clockMillis) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("intervalMillis must be >= 1");
        }
        this.barrier = barrier;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
    }

    /** Called before each poll of the main consumer, on its stream thread; returns whether the tasks punctuated. */
    boolean beforePoll() {
        long now = clockMillis.getAsLong();
        if (ran && now - lastMillis < intervalMillis) {
            return false;
        }
        ran = true;
        lastMillis = now;
        barrier.punctuate();
        return true;
    }
}
