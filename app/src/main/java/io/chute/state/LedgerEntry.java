package io.chute.state;

import java.util.Objects;

import io.chute.block.BlockId;

/**
 * The newest protocol step of one key.
 *
 * @param rows rows of the block when it was formed (a re-formed block must have exactly as many)
 * @param token deduplication token of the block
 * @param timestamp epoch millis when the entry was written
 */
public record LedgerEntry(LedgerState state, long firstOffset, long lastOffset, int rows, String token,
                          long timestamp) {

    public LedgerEntry {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(token, "token");
    }

    public static LedgerEntry of(LedgerState state, BlockId id, int rows, long timestamp) {
        return new LedgerEntry(state, id.firstOffset(), id.lastOffset(), rows, id.token(), timestamp);
    }
}
