package io.chute.sink;

import java.util.List;
import java.util.Map;

import io.chute.dlq.BadRow;

/**
 * Outcome of inserting one root block (all its retries and bisection slices).
 *
 * @param rowsInserted rows accepted (block rows minus bad rows)
 * @param rowsWrittenReported sum of the server's written-rows reports (lower when a resend was deduplicated)
 * @param insertCalls successful and failed insert statements sent
 * @param badRows rows rejected alone with a data error, in offset order
 * @param retriesByCode retry count per ClickHouse error code ({@link Classification#NO_CODE} for transport errors)
 */
public record InsertResult(int rowsInserted, long rowsWrittenReported, int insertCalls, List<BadRow> badRows,
                           Map<Integer, Integer> retriesByCode) {

    public InsertResult {
        badRows = List.copyOf(badRows);
        retriesByCode = Map.copyOf(retriesByCode);
    }
}
