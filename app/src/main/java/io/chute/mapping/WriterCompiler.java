package io.chute.mapping;

import io.chute.mapping.ClickHouseType.Kind;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Type;

/**
 * Chooses the {@link ValueWriter} for an (Avro schema, ClickHouse type) pair, once, at compile time. Any pair not
 * listed in the package documentation is a {@link MappingConfigException} naming the column.
 */
final class WriterCompiler {
    private WriterCompiler() {
    }

    static ValueWriter compile(Schema avro, ClickHouseType column, String where) {
        ClickHouseType ch = ClickHouseType.unwrapLowCardinality(column);
        if (avro.getType() == Type.UNION) {
            List<Schema> branches = avro.getTypes();
            Schema nonNull = null;
            boolean hasNull = false;
            for (Schema b : branches) {
                if (b.getType() == Type.NULL) {
                    hasNull = true;
                } else if (nonNull == null) {
                    nonNull = b;
                } else {
                    throw error(where, avro, ch, "unions of several non-null types are not supported");
                }
            }
            if (nonNull == null) {
                throw error(where, avro, ch, "a union of only null has no value");
            }
            if (ch instanceof ClickHouseType.Nullable n) {
                return CompositeWriters.nullable(compile(nonNull, n.inner(), where));
            }
            ValueWriter inner = compile(nonNull, ch, where);
            return hasNull ? CompositeWriters.rejectNull(inner, "non-Nullable " + ch) : inner;
        }
        if (ch instanceof ClickHouseType.Nullable n) {
            return CompositeWriters.nullable(compile(avro, n.inner(), where));
        }
        ValueWriter w = nonNull(avro, ch, where);
        if (w == null) {
            throw error(where, avro, ch, "no mapping between these types");
        }
        return w;
    }

    private static ValueWriter nonNull(Schema avro, ClickHouseType ch, String where) {
        Type t = avro.getType();
        if (ch instanceof ClickHouseType.Simple s) {
            return simple(avro, s.kind());
        }
        if (ch instanceof ClickHouseType.Decimal d) {
            return DecimalWriter.forAvro(avro, d);
        }
        if (ch instanceof ClickHouseType.FixedString f) {
            return stringLike(t) ? ScalarWriters.fixedString(f.length()) : null;
        }
        if (ch instanceof ClickHouseType.DateTime) {
            int e = TemporalWriters.unitExponent(avro);
            return e < 0 ? null : TemporalWriters.dateTime(e);
        }
        if (ch instanceof ClickHouseType.DateTime64 d) {
            int e = TemporalWriters.unitExponent(avro);
            return e < 0 ? null : TemporalWriters.dateTime64(e, d.precision());
        }
        if (ch instanceof ClickHouseType.Enum e) {
            return t == Type.ENUM ? ScalarWriters.enumFromAvroEnum(avro, e)
                    : t == Type.STRING ? ScalarWriters.enumFromString(e) : null;
        }
        if (ch instanceof ClickHouseType.Array a) {
            return t == Type.ARRAY
                    ? CompositeWriters.array(compile(avro.getElementType(), a.element(), where + "[]")) : null;
        }
        if (ch instanceof ClickHouseType.MapType m) {
            return t == Type.MAP ? CompositeWriters.map(compile(Schema.create(Type.STRING), m.key(), where + ".key"),
                    compile(avro.getValueType(), m.value(), where + ".value")) : null;
        }
        if (ch instanceof ClickHouseType.Tuple tuple) {
            return t == Type.RECORD ? tuple(avro, tuple, where) : null;
        }
        throw error(where, avro, ch, "column type " + ch + " is not supported");
    }

    private static ValueWriter simple(Schema avro, Kind kind) {
        Type t = avro.getType();
        LogicalType logical = avro.getLogicalType();
        if (kind.isInteger()) {
            if (t == Type.BOOLEAN && (kind == Kind.UInt8 || kind == Kind.Int8)) {
                return ScalarWriters.bool();
            }
            return t == Type.INT || t == Type.LONG ? ScalarWriters.integer(kind) : null;
        }
        switch (kind) {
            case Float32:
                return t == Type.FLOAT || t == Type.INT ? ScalarWriters.float32() : null;
            case Float64:
                return t == Type.FLOAT || t == Type.DOUBLE || t == Type.INT || t == Type.LONG
                        ? ScalarWriters.float64() : null;
            case Bool:
                return t == Type.BOOLEAN ? ScalarWriters.bool() : null;
            case String:
                return t == Type.ENUM ? ScalarWriters.enumSymbolAsString(avro)
                        : stringLike(t) ? ScalarWriters.string() : null;
            case UUID:
                return t == Type.STRING || (t == Type.FIXED && avro.getFixedSize() == 16) ? ScalarWriters.uuid() : null;
            case Date:
            case Date32:
                boolean days = t == Type.INT && (logical == null || "date".equals(logical.getName()));
                return days || t == Type.STRING ? ScalarWriters.date(kind == Kind.Date32) : null;
            default:
                return null;
        }
    }

    private static boolean stringLike(Type t) {
        return t == Type.STRING || t == Type.BYTES || t == Type.FIXED;
    }

    private static ValueWriter tuple(Schema record, ClickHouseType.Tuple tuple, String where) {
        int n = tuple.elements().size();
        int[] positions = new int[n];
        ValueWriter[] writers = new ValueWriter[n];
        if (tuple.names() == null && record.getFields().size() != n) {
            throw error(where, record, tuple, "an unnamed tuple needs exactly " + n + " record fields");
        }
        for (int i = 0; i < n; i++) {
            Schema.Field field;
            if (tuple.names() != null) {
                field = record.getField(tuple.names().get(i));
                if (field == null) {
                    throw error(where, record, tuple, "record has no field '" + tuple.names().get(i) + "'");
                }
            } else {
                field = record.getFields().get(i);
            }
            positions[i] = field.pos();
            writers[i] = compile(field.schema(), tuple.elements().get(i), where + "." + field.name());
        }
        return CompositeWriters.tuple(positions, writers);
    }

    private static MappingConfigException error(String where, Schema avro, ClickHouseType ch, String why) {
        return new MappingConfigException("column '" + where + "': cannot write Avro " + describe(avro) + " to " + ch
                + ": " + why);
    }

    private static String describe(Schema avro) {
        LogicalType l = avro.getLogicalType();
        return avro.getType().getName() + (l == null ? "" : "(" + l.getName() + ")");
    }
}
