package io.chute.sink;

/**
 * How {@link BlockInserter} retries.
 *
 * @param baseDelayMillis first backoff ceiling (full jitter: the actual delay is uniform in [0, ceiling])
 * @param capDelayMillis upper bound of the backoff ceiling
 * @param maxAttempts attempts per block or slice before giving up fatally; 0 = retry forever (the default)
 * @param tooManyPartsGrowAfter consecutive TOO_MANY_PARTS failures after which block limits grow
 */
public record RetryPolicy(long baseDelayMillis, long capDelayMillis, int maxAttempts, int tooManyPartsGrowAfter) {

    public RetryPolicy {
        if (baseDelayMillis < 1 || capDelayMillis < baseDelayMillis || maxAttempts < 0 || tooManyPartsGrowAfter < 1) {
            throw new IllegalArgumentException("bad retry policy");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(100, 30_000, 0, 3);
    }

    /** Upper bound of the delay before retry number {@code retry} (1-based): base * 2^(retry-1), capped. */
    public long ceilingMillis(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        return Math.min(capDelayMillis, baseDelayMillis << shift);
    }

    public boolean exhausted(int attempts) {
        return maxAttempts > 0 && attempts >= maxAttempts;
    }
}
