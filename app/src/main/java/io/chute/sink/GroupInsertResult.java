package io.chute.sink;

import java.util.List;
import java.util.Map;

import io.chute.block.Block;

/**
 * Outcome of inserting one {@code BlockGroup}: under its token, or, when ClickHouse refused it for its data, member
 * by member under their lane blocks' tokens ({@link #split}).
 *
 * @param rowsInserted        rows accepted
 * @param rowsWrittenReported sum of the server's written-rows reports (lower when a resend was deduplicated)
 * @param insertCalls         insert statements sent, successful or not
 * @param retriesByCode       retry count per ClickHouse error code
 * @param split               per member, its block and result when the group was inserted member by member; empty
 *                            when it went in one statement
 */
public record GroupInsertResult(int rowsInserted, long rowsWrittenReported, int insertCalls,
                                Map<Integer, Integer> retriesByCode, List<MemberInsert> split) {

    /** A member inserted alone: its block (the dead letters of its bad rows are read from it) and its result. */
    public record MemberInsert(Block block, InsertResult result) {
    }

    public GroupInsertResult {
        retriesByCode = Map.copyOf(retriesByCode);
        split = List.copyOf(split);
    }

    public int badRowCount() {
        return split.stream().mapToInt(m -> m.result().badRows().size()).sum();
    }
}
