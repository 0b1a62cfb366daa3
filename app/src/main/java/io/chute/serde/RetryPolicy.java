package io.chute.serde;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential backoff and jitter for one registry call. Attempt {@code n} (1-based) that failed
 * waits {@code min(maxBackoff, initialBackoff * 2^(n-1))}, scaled by a random factor in [0.5, 1] so that many clients
 * hitting a recovering registry do not retry in lockstep.
 *
 * @param maxAttempts total attempts per call, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** 5 attempts, 100 ms doubling up to 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The jittered wait after failed attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        long base = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exp = attempt >= 62 ? cap : Math.min(cap, base << Math.min(attempt - 1, 30));
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis((long) (exp * jitter));
    }

    /** Blocks the calling thread; a seam so tests do not actually sleep. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }
}
