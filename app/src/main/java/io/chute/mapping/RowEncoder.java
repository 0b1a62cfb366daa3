package io.chute.mapping;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Encodes records of one Avro record schema into one table's rows in {@code RowBinaryWithDefaults}: per column a
 * byte {@code 1} (let ClickHouse use the column default) or {@code 0} followed by the value. Compiled once by
 * {@link RowEncoderFactory}; field positions are resolved up front, so a row costs no lookups by name.
 *
 * <p>The INSERT must name exactly {@link #columnNames()} in that order:
 * {@code INSERT INTO t (c1, c2, ...) FORMAT RowBinaryWithDefaults}. The list is the same for every encoder of a
 * table, so rows from different writer schemas can share one insert block. Thread-safe (stateless).
 */
public final class RowEncoder {
    private final Schema schema;
    private final List<String> columnNames;
    private final ColumnSlot[] slots;
    private final List<String> ignoredFields;
    private final List<String> droppedFields;
    private final DirectRowEncoder.Program direct;

    /** One inserted column: where its value comes from and how it is written. */
    record ColumnSlot(String column, int fieldPosition, boolean nullable, boolean canDefault, ValueWriter writer) {
    }

    RowEncoder(Schema schema, List<String> columnNames, ColumnSlot[] slots, List<String> ignoredFields,
               List<String> droppedFields, DirectRowEncoder.Program direct) {
        this.schema = schema;
        this.columnNames = List.copyOf(columnNames);
        this.slots = slots;
        this.ignoredFields = List.copyOf(ignoredFields);
        this.droppedFields = List.copyOf(droppedFields);
        this.direct = direct;
    }

    /**
     * The fast path from Avro bytes for this schema and table (see {@link DirectRowEncoder}), or null when this
     * schema/table pair must always take {@link #encode}.
     */
    public DirectRowEncoder.Program direct() {
        return direct;
    }

    /** The Avro record schema this encoder was compiled for. */
    public Schema schema() {
        return schema;
    }

    /** The columns of the INSERT, in order. */
    public List<String> columnNames() {
        return columnNames;
    }

    /** Top-level Avro fields that have no column and are dropped. */
    public List<String> ignoredFields() {
        return ignoredFields;
    }

    /**
     * Every Avro field path whose value no column receives: {@link #ignoredFields()}, then fields of records that a
     * named Tuple column holds only some of ({@code address.country}, {@code items[].note}).
     */
    public List<String> droppedFields() {
        return droppedFields;
    }

    /**
     * Appends one row. On failure nothing is left in {@code out}: the buffer is reset to where it was.
     *
     * @throws MappingException a value does not fit its column (message and {@link MappingException#column()} name
     *     it); also raised when a null reaches a non-Nullable column without DEFAULT
     * @throws IllegalArgumentException the record's schema is not the one this encoder was compiled for
     */
    public void encode(GenericRecord record, RowBinaryBuffer out) throws MappingException {
        Schema actual = record.getSchema();
        if (actual != schema && !actual.equals(schema)) {
            throw new IllegalArgumentException("record of " + actual.getFullName()
                    + " does not have the schema this encoder was compiled for");
        }
        int mark = out.mark();
        ColumnSlot slot = null;
        try {
            for (ColumnSlot s : slots) {
                slot = s;
                writeColumn(s, record, out);
            }
        } catch (MappingException | RuntimeException e) {
            out.reset(mark);
            throw everyFailure(record, slot, e);
        }
    }

    /** The first failure plus those of the columns after it: a dead letter names every bad value at once. */
    private MappingException everyFailure(GenericRecord record, ColumnSlot first, Exception firstFailure) {
        List<MappingException> failures = new ArrayList<>();
        failures.add(asMappingException(first, firstFailure));
        RowBinaryBuffer scratch = new RowBinaryBuffer(64);
        boolean after = false;
        for (ColumnSlot s : slots) {
            if (after) {
                try {
                    writeColumn(s, record, scratch);
                } catch (MappingException | RuntimeException e) {
                    failures.add(asMappingException(s, e));
                }
            }
            after |= s == first;
        }
        return MappingException.of(failures);
    }

    private static MappingException asMappingException(ColumnSlot slot, Exception e) {
        if (e instanceof MappingException m) {
            return m;
        }
        // a ValueException, or e.g. a ClassCastException from a value of an unexpected Java type
        return new MappingException(slot.column(), e instanceof ValueException ? e.getMessage()
                : "unexpected value: " + e);
    }

    private static void writeColumn(ColumnSlot s, GenericRecord record, RowBinaryBuffer out)
            throws MappingException {
        if (s.fieldPosition() < 0) {
            out.writeByte(1);
            return;
        }
        Object value = record.get(s.fieldPosition());
        if (value == null && !s.nullable()) {
            if (!s.canDefault()) {
                throw new MappingException(s.column(), "null for a non-Nullable column without DEFAULT");
            }
            out.writeByte(1);
            return;
        }
        out.writeByte(0);
        s.writer().write(value, out);
    }
}
