package io.chute.mapping;

import java.util.List;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Type;

/**
 * Chooses the {@link ValueWriter} for an (Avro schema, ClickHouse type) pair, once, at compile time, from
 * {@link TypeMappings}; {@code Nullable} and {@code LowCardinality} wrap a pair, unions with null follow the pair's
 * {@link NullRule}. Any other pair is a {@link MappingConfigException} naming the column.
 */
final class WriterCompiler {
    /** What a composite pair's writer needs from the compiler. */
    interface Nested {
        /** The writer of a part; {@code suffix} extends the column path ({@code []}, {@code .key}, {@code .name}). */
        ValueWriter compile(Schema avro, ClickHouseType ch, String suffix);

        /** An Avro field under this path that the column type leaves out. */
        void dropped(String suffix);

        MappingConfigException error(String why);
    }

    private WriterCompiler() {
    }

    /**
     * @param dropped collects the paths of Avro record fields the column leaves out (named tuples of a subset)
     */
    static ValueWriter compile(Schema avro, ClickHouseType column, String where, List<String> dropped) {
        ClickHouseType ch = ClickHouseType.unwrapLowCardinality(column);
        if (avro.getType() == Type.UNION) {
            Schema nonNull = null;
            boolean hasNull = false;
            for (Schema b : avro.getTypes()) {
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
                return CompositeWriters.nullable(compile(nonNull, n.inner(), where, dropped));
            }
            ValueWriter inner = compile(nonNull, ch, where, dropped);
            if (!hasNull) {
                return inner;
            }
            return nullRule(nonNull, ch) == NullRule.EMPTY ? CompositeWriters.emptyOnNull(inner, EmptyValues.of(ch))
                    : CompositeWriters.rejectNull(inner, "non-Nullable " + ch);
        }
        if (ch instanceof ClickHouseType.Nullable n) {
            return CompositeWriters.nullable(compile(avro, n.inner(), where, dropped));
        }
        TypeMappings.Pair pair = TypeMappings.pair(avro, ch);
        if (pair == null) {
            throw error(where, avro, ch, TypeMappings.clickHouseKey(ch) == null || isIp(ch)
                    ? "column type " + ch + " is not supported" : "no mapping between these types");
        }
        ValueWriter w = pair.generic().writer(avro, ch, nested(avro, ch, where, dropped));
        if (w == null) {
            throw error(where, avro, ch, "no mapping between these types");
        }
        return w;
    }

    /** The null rule of (non-union Avro, ClickHouse type), {@link NullRule#NULLABLE} when the pair is unknown. */
    static NullRule nullRule(Schema avro, ClickHouseType column) {
        ClickHouseType ch = ClickHouseType.unwrapLowCardinality(column);
        TypeMappings.Pair pair = avro.getType() == Type.UNION ? null : TypeMappings.pair(avro, ch);
        return pair == null ? NullRule.NULLABLE : pair.nullRule();
    }

    static ValueWriter array(Schema avro, ClickHouseType ch, Nested n) {
        return CompositeWriters.array(n.compile(avro.getElementType(), ((ClickHouseType.Array) ch).element(), "[]"));
    }

    static ValueWriter map(Schema avro, ClickHouseType ch, Nested n) {
        ClickHouseType.MapType m = (ClickHouseType.MapType) ch;
        return CompositeWriters.map(n.compile(Schema.create(Type.STRING), m.key(), ".key"),
                n.compile(avro.getValueType(), m.value(), "{}"));
    }

    /** A record into a named tuple (by field name; fields the tuple lacks are dropped) or an unnamed one. */
    static ValueWriter tuple(Schema record, ClickHouseType ch, Nested n) {
        ClickHouseType.Tuple tuple = (ClickHouseType.Tuple) ch;
        int size = tuple.elements().size();
        int[] positions = new int[size];
        ValueWriter[] writers = new ValueWriter[size];
        if (tuple.names() == null && record.getFields().size() != size) {
            throw n.error("an unnamed tuple needs exactly " + size + " record fields");
        }
        for (int i = 0; i < size; i++) {
            Schema.Field field;
            if (tuple.names() != null) {
                field = record.getField(tuple.names().get(i));
                if (field == null) {
                    throw n.error("record has no field '" + tuple.names().get(i) + "'");
                }
            } else {
                field = record.getFields().get(i);
            }
            positions[i] = field.pos();
            writers[i] = n.compile(field.schema(), tuple.elements().get(i), "." + field.name());
        }
        if (tuple.names() != null) {
            for (Schema.Field f : record.getFields()) {
                if (!tuple.names().contains(f.name())) {
                    n.dropped("." + f.name());
                }
            }
        }
        return CompositeWriters.tuple(positions, writers);
    }

    private static Nested nested(Schema avro, ClickHouseType ch, String where, List<String> dropped) {
        return new Nested() {
            @Override
            public ValueWriter compile(Schema part, ClickHouseType type, String suffix) {
                return WriterCompiler.compile(part, type, where + suffix, dropped);
            }

            @Override
            public void dropped(String suffix) {
                dropped.add(where + suffix);
            }

            @Override
            public MappingConfigException error(String why) {
                return WriterCompiler.error(where, avro, ch, why);
            }
        };
    }

    private static boolean isIp(ClickHouseType ch) {
        return ch instanceof ClickHouseType.Simple s
                && (s.kind() == ClickHouseType.Kind.IPv4 || s.kind() == ClickHouseType.Kind.IPv6);
    }

    private static MappingConfigException error(String where, Schema avro, ClickHouseType ch, String why) {
        return new MappingConfigException("column '" + where + "': cannot write Avro " + describe(avro) + " to " + ch
                + ": " + why, List.of(topLevel(where)));
    }

    /** The column of a path into it: {@code address} of {@code address.zip}. */
    private static String topLevel(String where) {
        int end = where.length();
        for (String stop : List.of(".", "[", "{")) {
            int i = where.indexOf(stop);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        return where.substring(0, end);
    }

    private static String describe(Schema avro) {
        LogicalType l = avro.getLogicalType();
        return avro.getType().getName() + (l == null ? "" : "(" + l.getName() + ")");
    }
}
