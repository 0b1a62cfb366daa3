package io.chute.sink;

import io.chute.block.Block;

/** Observes landed blocks (metrics: rows, bytes, latency, retries by code). Called on an insert thread. */
@FunctionalInterface
public interface PipelineListener {

    PipelineListener NONE = (block, result, latencyNanos) -> { };

    /** After the ledger recorded {@code block} as landed; must not throw or block. */
    void onLanded(Block block, InsertResult result, long latencyNanos);

    /**
     * After each ledger transaction a ledger call of the pipeline committed (INTENT, LANDED, or LANDED with the next
     * INTENT); not for a call whose entries rode in another call's transaction (group commit, issue 10).
     */
    default void onLedgerTransaction() {
    }

    /** A deferred LANDED was dropped unwritten: a commit past its block returned (issue 10). */
    default void onLandedByCommit() {
    }
}
