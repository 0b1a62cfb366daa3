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
