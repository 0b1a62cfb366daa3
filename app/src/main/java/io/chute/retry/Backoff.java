package io.chute.retry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The delay schedule of every retry loop: the delay ceiling before retry {@code n} (1-based) is
 * {@code initialMillis * 2^(n-1)}, capped at {@code maxMillis}; the {@link Jitter} turns the ceiling into the delay.
 */
public record Backoff(long initialMillis, long maxMillis, Jitter jitter) {

    public Backoff {
        if (initialMillis < 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 <= initialMillis <= maxMillis, got " + initialMillis + " and "
                    + maxMillis);
        }
        if (jitter == null) {
            throw new IllegalArgumentException("jitter is required (Jitter.NONE for none)");
        }
    }

    /** The delay ceiling before retry {@code attempt} (1-based; 0 and below count as 1). */
    public long ceilingMillis(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        return initialMillis > (maxMillis >> shift) ? maxMillis : Math.min(maxMillis, initialMillis << shift);
    }

    /** The delay before retry {@code attempt}: the ceiling with jitter applied. */
    public long delayMillis(int attempt) {
        return jitter.apply(ceilingMillis(attempt));
    }

    /** Maps a ceiling to the actual delay. Jitter keeps many clients of a recovering server out of lockstep. */
    @FunctionalInterface
    public interface Jitter {
        /** The ceiling itself: deterministic waits (one caller per resource, or tests). */
        Jitter NONE = ceiling -> ceiling;
        /** Uniform in [0, ceiling] ("full jitter"). */
        Jitter FULL = ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1);
        /** Uniform in [ceiling/2, ceiling]: never much shorter than the schedule. */
        Jitter HALF = ceiling -> (long) (ceiling * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5));

        long apply(long ceilingMillis);
    }
}
