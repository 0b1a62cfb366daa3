package io.chute.sink;

import io.chute.block.Block;
import io.chute.block.BlockGroup;

/** Writes one block to its table in one insert statement, deduplicated by {@link Block#token()}. */
@FunctionalInterface
public interface BlockWriter {
    /**
     * Inserts the whole block or fails; must send the block's token as the deduplication token so a resend of
     * the same block is a no-op on the server.
     *
     * @param queryId query id for this attempt
     * @return rows written as reported by the server, or -1 when unknown (a deduplicated resend reports 0)
     * @throws Exception anything; {@link RetryClassifier} decides what it means
     */
    long insert(Block block, String queryId) throws Exception;

    /**
     * Inserts every member's rows of the group in one insert statement under {@link BlockGroup#token()}
     * (topology-docs/GROUPED-INSERTS.md); otherwise as {@link #insert}. A writer that cannot throws
     * {@link UnsupportedOperationException}, which no retry loop takes for a transient failure.
     */
    default long insert(BlockGroup group, String queryId) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not insert groups");
    }
}
