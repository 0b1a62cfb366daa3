package io.chute.sink;

import io.chute.block.Block;
import io.chute.block.BlockId;

/**
 * Test seam to stall or crash at chosen points of the insert protocol (e.g. "after insert returned, before the
 * ledger landed"). Production uses {@link #NONE}. A hook may block, or throw an {@link Error} to simulate a crash:
 * errors are never classified or retried, they end the pipeline. A thrown {@link Exception} is classified like
 * an insert failure.
 */
public interface InsertFaults {

    InsertFaults NONE = new InsertFaults() { };

    /** Before each insert attempt (root block or bisection slice). */
    default void beforeInsert(Block block, int attempt) throws Exception {
    }

    /** After an insert attempt returned successfully. */
    default void afterInsert(Block block, int attempt) throws Exception {
    }

    /** After all inserts of a root block succeeded, before the ledger records it as landed. */
    default void beforeLanded(BlockId id) {
    }
}
