package io.chute.state;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.chute.block.BlockGroup;
import io.chute.block.BlockId;

/**
 * The newest protocol step of one key.
 *
 * @param rows rows of the block when it was formed (a re-formed block must have exactly as many)
 * @param token deduplication token of the block, or of its group for a {@link LedgerState#GROUPED} entry
 * @param timestamp epoch millis when the entry was written
 * @param group for a GROUPED entry only: the group's anchor, and at the anchor the member list (omitted otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(LedgerState state, long firstOffset, long lastOffset, int rows, String token,
                          long timestamp, GroupRef group) {

    public LedgerEntry {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(token, "token");
        if ((state == LedgerState.GROUPED) != (group != null)) {
            throw new IllegalArgumentException("a GROUPED entry, and only it, names its group: " + state + " " + token);
        }
    }

    /** A per-lane entry (INTENT or LANDED of one block). */
    public LedgerEntry(LedgerState state, long firstOffset, long lastOffset, int rows, String token, long timestamp) {
        this(state, firstOffset, lastOffset, rows, token, timestamp, null);
    }

    public static LedgerEntry of(LedgerState state, BlockId id, int rows, long timestamp) {
        return new LedgerEntry(state, id.firstOffset(), id.lastOffset(), rows, id.token(), timestamp);
    }

    /** The GROUPED entry of one member of {@code group}: the member list goes only in the anchor's entry. */
    public static LedgerEntry grouped(BlockGroup group, BlockGroup.Member member, long timestamp) {
        BlockId id = member.id();
        return new LedgerEntry(LedgerState.GROUPED, id.firstOffset(), id.lastOffset(), member.rowCount(),
                group.token(), timestamp, GroupRef.of(group, id.equals(group.anchor())));
    }

    /** The key's entry after its group landed: LANDED over the same range, under the group's token. */
    public LedgerEntry landed(long timestamp) {
        return new LedgerEntry(LedgerState.LANDED, firstOffset, lastOffset, rows, token, timestamp);
    }
}
