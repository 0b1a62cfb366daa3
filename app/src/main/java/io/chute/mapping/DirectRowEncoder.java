package io.chute.mapping;

import io.chute.mapping.ClickHouseType.Kind;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * The fast path of {@link RowEncoder}: Avro binary straight to one RowBinaryWithDefaults row, without decoding to
 * objects. Compiled ({@link #compile}) only for flat writer schemas whose every column maps through a pair this class
 * knows (integers, floats, Bool, String, FixedString, UUID, Date/Date32, DateTime/DateTime64, Nullable and
 * LowCardinality of those).
 *
 * <p>Contract: when {@link #encode} returns true, it appended exactly the bytes the generic path (Avro's decoder,
 * then {@link RowEncoder#encode}) appends for the same record, and the generic path would not have failed. When the
 * record is anything but plain (malformed, a value out of a column's range, a null without default), it returns
 * false with nothing appended, and the caller takes the generic path, which decides. The value writers are the
 * generic ones' shared static parts. NOT thread-safe: {@link Program#newEncoder()} per task.
 */
public final class DirectRowEncoder {
    @FunctionalInterface
    private interface FieldOp {
        void write(FlatAvroReader r, int field, RowBinaryBuffer out);
    }

    private record Slot(int field, boolean nullable, boolean canDefault, FieldOp op) {
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
            boolean canDefault = c.defaultKind() == TableSchema.DefaultKind.DEFAULT
                    || c.defaultKind() == TableSchema.DefaultKind.EPHEMERAL;
            if (field == null) {
                slots[i] = new Slot(-1, nullable, true, null);
                continue;
            }
            if (type instanceof ClickHouseType.Nullable n) {
                type = ClickHouseType.unwrapLowCardinality(n.inner());
            }
            FieldOp op = op(nonNull(field.schema()), type);
            if (op == null) {
                return null;
            }
            slots[i] = new Slot(field.pos(), nullable, canDefault, op);
        }
        return new Program(writer, slots);
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        List<Schema> branches = s.getTypes();
        return branches.get(0).getType() == Schema.Type.NULL ? branches.get(1) : branches.get(0);
    }

    private static FieldOp op(Schema avro, ClickHouseType ch) {
        FlatAvroReader.Kind k = FlatAvroReader.kind(avro);
        if (ch instanceof ClickHouseType.Simple s) {
            return simple(avro, k, s.kind());
        }
        boolean bytesLike = k == FlatAvroReader.Kind.STRING || k == FlatAvroReader.Kind.BYTES
                || k == FlatAvroReader.Kind.FIXED;
        if (ch instanceof ClickHouseType.FixedString f) {
            int n = f.length();
            return bytesLike ? (r, i, out) -> {
                if (r.length[i] > n) {
                    throw new ValueException(r.length[i] + " bytes do not fit FixedString(" + n + ")");
                }
                out.writeBytes(r.source, r.start[i], r.length[i]);
                out.writeZeros(n - r.length[i]);
            } : null;
        }
        int e = TemporalWriters.unitExponent(avro);
        if (ch instanceof ClickHouseType.DateTime) {
            return e < 0 ? null : (r, i, out) -> TemporalWriters.writeDateTime(r.number[i], e, out);
        }
        if (ch instanceof ClickHouseType.DateTime64 d) {
            int p = d.precision();
            return e < 0 ? null : (r, i, out) -> TemporalWriters.writeDateTime64(r.number[i], e, p, out);
        }
        return null;
    }

    private static FieldOp simple(Schema avro, FlatAvroReader.Kind k, Kind kind) {
        boolean integral = k == FlatAvroReader.Kind.INT || k == FlatAvroReader.Kind.LONG;
        if (kind.isInteger()) {
            if (!integral) {
                return null; // booleans into Int8/UInt8 stay on the generic path
            }
            long[] range = ScalarWriters.integerRange(kind);
            int width = kind.width();
            return (r, i, out) -> ScalarWriters.writeInteger(r.number[i], range[0], range[1], width, kind, out);
        }
        switch (kind) {
            case Float32:
                return k == FlatAvroReader.Kind.FLOAT ? (r, i, out) -> out.writeFloatLE(Float.intBitsToFloat(
                        (int) r.number[i]))
                        : k == FlatAvroReader.Kind.INT ? (r, i, out) -> out.writeFloatLE((float) r.number[i]) : null;
            case Float64:
                return switch (k) {
                    case FLOAT -> (r, i, out) -> out.writeDoubleLE(Float.intBitsToFloat((int) r.number[i]));
                    case DOUBLE -> (r, i, out) -> out.writeDoubleLE(Double.longBitsToDouble(r.number[i]));
                    case INT, LONG -> (r, i, out) -> out.writeDoubleLE((double) r.number[i]);
                    default -> null;
                };
            case Bool:
                return k == FlatAvroReader.Kind.BOOLEAN ? (r, i, out) -> out.writeByte((int) r.number[i]) : null;
            case String:
                return k == FlatAvroReader.Kind.STRING || k == FlatAvroReader.Kind.BYTES
                        || k == FlatAvroReader.Kind.FIXED
                        ? (r, i, out) -> out.writeString(r.source, r.start[i], r.length[i]) : null;
            case UUID:
                if (k == FlatAvroReader.Kind.STRING) {
                    return (r, i, out) -> ScalarWriters.writeUuidText(r.source, r.start[i], r.length[i], out);
                }
                return k == FlatAvroReader.Kind.FIXED && avro.getFixedSize() == 16
                        ? (r, i, out) -> ScalarWriters.writeUuidBytes(r.source, r.start[i], out) : null;
            case Date:
            case Date32:
                LogicalType logical = avro.getLogicalType();
                boolean days = k == FlatAvroReader.Kind.INT && (logical == null || "date".equals(logical.getName()));
                boolean date32 = kind == Kind.Date32;
                return days ? (r, i, out) -> ScalarWriters.writeDays(r.number[i], date32, out) : null;
            default:
                return null;
        }
    }
}
