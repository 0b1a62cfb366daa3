package io.chute.mapping;

import java.util.List;

import org.apache.avro.Schema;

/**
 * The fast path of {@link RowEncoder}: Avro binary straight to one RowBinaryWithDefaults row, without decoding to
 * objects. Compiled ({@link #compile}) only for flat writer schemas whose every column maps through a pair that has
 * a fast-path operation in {@link TypeMappings} (Nullable and LowCardinality of those too).
 *
 * <p>Contract: when {@link #encode} returns true, it appended exactly the bytes the generic path (Avro's decoder,
 * then {@link RowEncoder#encode}) appends for the same record, and the generic path would not have failed. When the
 * record is anything but plain (malformed, a value out of a column's range, a null without default), it returns
 * false with nothing appended, and the caller takes the generic path, which decides. The value writers are the
 * generic ones' shared static parts. NOT thread-safe: {@link Program#newEncoder()} per task.
 */
public final class DirectRowEncoder {
    private record Slot(int field, boolean nullable, boolean canDefault, FastOp op) {
    }

    /** The immutable compiled form, shared; each user takes its own encoder. */
    public static final class Program {
        private final Schema writer;
        private final Slot[] slots;

        private Program(Schema writer, Slot[] slots) {
            this.writer = writer;
            this.slots = slots;
        }

        public DirectRowEncoder newEncoder() {
            return new DirectRowEncoder(FlatAvroReader.forSchema(writer), slots);
        }
    }

    private final FlatAvroReader reader;
    private final Slot[] slots;

    private DirectRowEncoder(FlatAvroReader reader, Slot[] slots) {
        this.reader = reader;
        this.slots = slots;
    }

    /**
     * Appends the row of the Avro record at {@code [off, off + len)} (the payload after the wire-format header).
     *
     * @return false, with nothing appended, when the generic path must handle this record
     */
    public boolean encode(byte[] avro, int off, int len, RowBinaryBuffer out) {
        if (!reader.read(avro, off, len)) {
            return false;
        }
        int mark = out.mark();
        try {
            for (Slot s : slots) {
                if (s.field() < 0) {
                    out.writeByte(1);
                } else if (reader.isNull[s.field()]) {
                    if (s.nullable()) {
                        out.writeByte(0);
                        out.writeByte(1);
                    } else if (s.canDefault()) {
                        out.writeByte(1);
                    } else {
                        out.reset(mark);
                        return false;
                    }
                } else {
                    out.writeByte(0);
                    if (s.nullable()) {
                        out.writeByte(0);
                    }
                    s.op().write(reader, s.field(), out);
                }
            }
            return true;
        } catch (RuntimeException e) { // a ValueException, or anything unforeseen: the generic path decides
            out.reset(mark);
            return false;
        }
    }

    /** The program for records of {@code writer} into {@code columns}, or null when the fast path cannot do it. */
    static Program compile(Schema writer, List<TableSchema.Column> columns) {
        if (FlatAvroReader.forSchema(writer) == null) {
            return null;
        }
        Slot[] slots = new Slot[columns.size()];
        for (int i = 0; i < slots.length; i++) {
            TableSchema.Column c = columns.get(i);
            Schema.Field field = writer.getField(c.name());
            ClickHouseType type = ClickHouseType.unwrapLowCardinality(c.type());
            boolean nullable = type instanceof ClickHouseType.Nullable;
            if (field == null) {
                slots[i] = new Slot(-1, nullable, true, null);
                continue;
            }
            if (type instanceof ClickHouseType.Nullable n) {
                type = ClickHouseType.unwrapLowCardinality(n.inner());
            }
            Schema avro = RowEncoderFactory.nonNull(field.schema());
            TypeMappings.Pair pair = TypeMappings.pair(avro, type);
            FastOp op = pair == null || pair.fast() == null ? null : pair.fast().op(avro, type);
            if (op == null) {
                return null;
            }
            slots[i] = new Slot(field.pos(), nullable, RowEncoderFactory.nullTakesDefault(field, c), op);
        }
        return new Program(writer, slots);
    }
}
