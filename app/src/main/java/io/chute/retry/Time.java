package io.chute.retry;

/**
 * The clock and the sleep of every wait in chute (Kafka's {@code org.apache.kafka.common.utils.Time} idea): production
 * uses {@link #SYSTEM}; tests pass a fake that advances instantly and counts the waits.
 */
public interface Time {
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    /** Wall-clock time, epoch milliseconds. */
    long milliseconds();

    /** A monotonic reading for measuring intervals. */
    long nanoseconds();

    /** Blocks the calling thread; interruptible, since every caller is a retry loop a shutdown must end. */
    void sleep(long millis) throws InterruptedException;
}
