package io.chute.topology;

import java.util.Set;

/**
 * Which offsets of a source range a table already holds, read through its Kafka position columns: how recovery
 * finds out what of a stale INTENT block landed when the table may have forgotten the block's token.
 */
@FunctionalInterface
public interface LandedOffsets {
    /** No ClickHouse to ask (unit tests): a stale INTENT is refused as if the table had no position columns. */
    LandedOffsets NONE = (table, columns, topic, partition, from, to) -> {
        throw new UnsupportedOperationException("no ClickHouse to ask which rows of " + table + " landed");
    };

    /**
     * Offsets in {@code [from, to]} of {@code topic}/{@code partition} that rows of {@code table} carry, or null
     * when the table cannot tell (it stores no rows, e.g. {@code Null}).
     */
    Set<Long> find(String table, PositionColumns.Identity columns, String topic, int partition, long from, long to);
}
