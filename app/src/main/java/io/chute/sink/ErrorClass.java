package io.chute.sink;

/** What to do about a failed insert. */
public enum ErrorClass {
    /** Transient: resend the same block with the same token after a backoff. */
    RETRYABLE,
    /** Some row of the block is bad: bisect, insert the good rows, dead-letter the bad ones. */
    DATA_ERROR,
    /** The deployment is wrong (table, credentials, grants): retrying cannot help, stop with a clear error. */
    CONFIG_ERROR
}
