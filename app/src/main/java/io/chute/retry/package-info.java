/**
 * Waiting and retrying, one way for every loop (inserts, schema changes, registry calls, registry outages seen by
 * the topology, the start-up wait): {@link io.chute.retry.Time} (clock and sleep, faked in tests),
 * {@link io.chute.retry.Backoff} (exponential delays with jitter) and {@link io.chute.retry.RetryPolicy} (backoff
 * plus an attempt limit). At the bottom of the layering: imports nothing of chute.
 */
package io.chute.retry;
