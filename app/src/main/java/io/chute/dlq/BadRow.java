package io.chute.dlq;

/**
 * A row ClickHouse rejected on its own (bisection reached it alone and it still failed with a data error).
 *
 * @param rowIndex index within the root block
 * @param code ClickHouse error code of the rejection
 */
public record BadRow(String table, String topic, int partition, long offset, int rowIndex, int code,
                     String message) {
}
