package io.chute.mapping;

/**
 * Writes one Avro value (generic representation) as one ClickHouse value in RowBinary. Compiled once per
 * (Avro schema, column type); stateless, so encoders can be shared between threads.
 */
@FunctionalInterface
interface ValueWriter {
    /**
     * @throws ValueException the value does not fit the column type
     */
    void write(Object value, RowBinaryBuffer out);
}

/** A per-value mapping failure inside a column; the column encoder adds the column name. No stack trace. */
final class ValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ValueException(String message) {
        super(message, null, false, false);
    }
}
