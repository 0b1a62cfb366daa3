package io.chute.sink;

/**
 * One row of {@code DESCRIBE TABLE}.
 *
 * @param defaultKind "" (none), DEFAULT, MATERIALIZED, ALIAS or EPHEMERAL
 */
public record ColumnInfo(String name, String type, String defaultKind, String defaultExpression) {
}
