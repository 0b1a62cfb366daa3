package io.chute.topology;

/**
 * How often blocks whose linger passed are looked for: a quarter of {@code block.linger.ms}, 10-200 ms, by each
 * stream thread for all its tasks ({@link ThreadPunctuation}). Where chute does not build the main consumer, each
 * task punctuates itself, stretched as its stream thread carries more tasks: Kafka Streams halves the records it
 * takes per task in a pass of its loop whenever that pass ran a punctuator, and checks every task in every pass, so
 * 256 tasks punctuating every 200 ms ran one in nearly every pass and passes took a record or two per task (JFR at
 * 256 partitions: 7.8 against 3.4 us of CPU per row at 4). The stretch costs precision only where lingers have grown
 * anyway: {@link #TASKS_PER_STEP} lanes of a table at the default {@code insert.max.per.second.per.table} already
 * linger 32 s. Not stretched before 64 tasks: at 64 x 1 a step of 32 tasks (400 ms) made the backlog's second half
 * slower (3 runs each: 248-286k against 325-344k rows/s), caught-up blocks that wait for a punctuation keeping held
 * partitions waiting.
 */
final class PunctuationPace {
    /** Each this many tasks on one stream thread add one base interval. */
    static final int TASKS_PER_STEP = 64;
    /** The longest interval: a block closes at most this late after its linger. */
    static final long MAX_MILLIS = 1_000;

    private final long baseMillis;

    PunctuationPace(long lingerMillis) {
        this.baseMillis = Math.max(10, Math.min(200, lingerMillis / 4));
    }

    /** A quarter of {@code block.linger.ms}, 10-200 ms: the {@link ThreadPunctuation}'s interval at any task count. */
    long baseMillis() {
        return baseMillis;
    }

    /**
     * The interval for a task whose stream thread carries {@code tasks} tasks (itself included), when each task
     * punctuates itself (no {@link ThreadPunctuation}: a main consumer chute does not build, KIP-1071's protocol).
     */
    long millis(int tasks) {
        long steps = Math.max(1, (tasks + TASKS_PER_STEP - 1) / TASKS_PER_STEP);
        return Math.max(baseMillis, Math.min(MAX_MILLIS, baseMillis * steps));
    }
}
