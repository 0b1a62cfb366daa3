package io.chute.mapping;

import java.util.List;

/**
 * The Avro schema and the table cannot be mapped at all (missing column value without default, incompatible types,
 * unsupported column type). Raised when an encoder is compiled, never per row; the message names every column that
 * cannot map, {@link #columns()} lists them.
 */
public final class MappingConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> columns;

    public MappingConfigException(String message) {
        this(message, List.of());
    }

    public MappingConfigException(String message, List<String> columns) {
        super(message);
        this.columns = List.copyOf(columns);
    }

    /** The columns that cannot map (empty when the problem is not a column's). */
    public List<String> columns() {
        return columns;
    }
}
