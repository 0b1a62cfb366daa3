package io.chute.mapping;

/**
 * The fast path's writer for one (Avro type, ClickHouse type) pair: reads field {@code field} of the record
 * {@link FlatAvroReader} read last and appends its RowBinary value, exactly the bytes the pair's generic
 * {@link ValueWriter} appends for the decoded value. Throws (a {@link ValueException} or anything else) where the
 * generic writer would fail; the caller then takes the generic path.
 */
@FunctionalInterface
interface FastOp {
    void write(FlatAvroReader r, int field, RowBinaryBuffer out);
}
