package io.chute.mapping;

/**
 * The Avro schema and the table cannot be mapped at all (missing column value without default, incompatible types,
 * unsupported column type). Raised when an encoder is compiled, never per row; the message names the column.
 */
public final class MappingConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MappingConfigException(String message) {
        super(message);
    }
}
