package io.chute.retry;

import java.util.Objects;

/**
 * How often a call is tried and how long to wait in between.
 *
 * @param backoff     the delays between attempts
 * @param maxAttempts attempts before giving up; 0 = never give up
 */
public record RetryPolicy(Backoff backoff, int maxAttempts) {

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0 (0 = forever), got " + maxAttempts);
        }
    }

    /** Never gives up: 100 ms doubling to 30 s, full jitter (inserts: data is never dropped). */
    public static RetryPolicy defaults() {
        return new RetryPolicy(new Backoff(100, 30_000, Backoff.Jitter.FULL), 0);
    }

    /** One attempt, no retry (a probe whose caller does the retrying). */
    public static RetryPolicy once() {
        return new RetryPolicy(new Backoff(0, 0, Backoff.Jitter.NONE), 1);
    }

    /** True when {@code attempts} attempts have been made and no more are allowed. */
    public boolean exhausted(int attempts) {
        return maxAttempts > 0 && attempts >= maxAttempts;
    }
}
