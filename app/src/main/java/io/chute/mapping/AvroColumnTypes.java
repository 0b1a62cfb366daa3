package io.chute.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The ClickHouse column type chute maps an Avro type to, for generated DDL ({@code chute tables create}, and the
 * {@code ALTER TABLE ADD COLUMN} of {@code schema.evolution=add-columns}): the DDL pair of {@link TypeMappings}.
 * A union with null follows the pair's {@link NullRule}: {@code Nullable(T)} ({@code LowCardinality(Nullable(T))}),
 * or T itself for Array, Map and Tuple, which take their empty value. No column type: unions of several non-null
 * types, the null type, recursive records, decimals above ClickHouse's precision 76. Every such field path is
 * reported at once.
 */
public final class AvroColumnTypes {
    private static final int ENUM8_MAX = 127;
    private static final int MAX_DECIMAL_PRECISION = 76;

    /** What a composite type's DDL needs from the walk. */
    interface Nested {
        /** The type of a part ({@code suffix} extends the field path: {@code []}, {@code {}}, {@code .name}). */
        String type(Schema part, String suffix);

        /** Records that this path has no column type; returns a placeholder. */
        String fail(String why);
    }

    private AvroColumnTypes() {
    }

    /** @throws IllegalArgumentException naming every field path under {@code path} that has no column type */
    public static String of(Schema s, String path) {
        Walk walk = new Walk();
        String type = walk.type(s, path).type();
        if (!walk.problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", walk.problems));
        }
        return type;
    }

    /** Why {@code field} has no column type (one line per field path), or an empty list when it has one. */
    public static List<String> problems(Schema.Field field) {
        Walk walk = new Walk();
        walk.type(field.schema(), field.name());
        return List.copyOf(walk.problems);
    }

    /** The DDL choices of {@link TypeMappings}, one per Avro type (enum: two, by symbol count). */
    static void registerDdl() {
        for (String avro : TypeMappings.INTS) {
            TypeMappings.ddl(avro, avro.equals("int/date") ? "Date32" : "Int32", (s, n) -> avro.equals("int/date")
                    ? "Date32" : "Int32");
        }
        TypeMappings.ddl("long", "Int64", (s, n) -> "Int64");
        TypeMappings.ddl("long/time-micros", "Int64", (s, n) -> "Int64");
        for (String avro : TypeMappings.TIMESTAMPS) {
            int exponent = avro.endsWith("millis") ? 3 : avro.endsWith("micros") ? 6 : 9;
            String zone = avro.startsWith("long/local-") ? "" : ", 'UTC'";
            TypeMappings.ddl(avro, "DateTime64", (s, n) -> "DateTime64(" + exponent + zone + ")");
        }
        TypeMappings.ddl("float", "Float32", (s, n) -> "Float32");
        TypeMappings.ddl("double", "Float64", (s, n) -> "Float64");
        TypeMappings.ddl("boolean", "Bool", (s, n) -> "Bool");
        TypeMappings.ddl("string", "String", (s, n) -> "String");
        TypeMappings.ddl("bytes", "String", (s, n) -> "String");
        TypeMappings.ddl("string/uuid", "UUID", (s, n) -> "UUID");
        TypeMappings.ddl("fixed/uuid", "UUID", (s, n) -> "UUID");
        TypeMappings.ddl("fixed", "FixedString", (s, n) -> "FixedString(" + s.getFixedSize() + ")");
        TypeMappings.ddl("fixed/duration", "FixedString", (s, n) -> "FixedString(" + s.getFixedSize() + ")");
        for (String avro : List.of("bytes/decimal", "fixed/decimal")) {
            TypeMappings.ddl(avro, "Decimal", AvroColumnTypes::decimal);
        }
        TypeMappings.ddl("enum", "Enum", (s, n) -> s.getEnumSymbols().size() > ENUM8_MAX ? null : enum8(s));
        TypeMappings.ddl("enum", "String", (s, n) -> s.getEnumSymbols().size() > ENUM8_MAX
                ? "LowCardinality(String)" : null);
        TypeMappings.ddl("array", "Array", (s, n) -> "Array(" + n.type(s.getElementType(), "[]") + ")");
        TypeMappings.ddl("map", "Map", (s, n) -> "Map(String, " + n.type(s.getValueType(), "{}") + ")");
        TypeMappings.ddl("record", "Tuple", AvroColumnTypes::tuple);
    }

    /** A type and the pair that chose it (null after a failure). */
    private record Typed(String type, TypeMappings.Pair pair) {
    }

    /** One walk over a field's schema: the records it is inside (for recursion) and every problem found. */
    private static final class Walk {
        final List<String> problems = new ArrayList<>();
        final Map<String, String> enclosing = new LinkedHashMap<>();

        Typed type(Schema s, String path) {
            if (s.getType() == Schema.Type.UNION) {
                List<Schema> branches = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
                if (branches.size() != 1) {
                    return failed(path, "a union of " + branches.size() + " non-null types has no ClickHouse column"
                            + " type");
                }
                Typed inner = type(branches.get(0), path);
                boolean hasNull = branches.size() < s.getTypes().size();
                return !hasNull || inner.pair() == null || inner.pair().nullRule() == NullRule.EMPTY ? inner
                        : new Typed(nullable(inner.type()), inner.pair());
            }
            if (s.getType() == Schema.Type.RECORD && enclosing.containsKey(s.getFullName())) {
                return failed(enclosing.get(s.getFullName()), "recursive record " + s.getFullName()
                        + " has no ClickHouse column type (it contains itself at " + path + ")");
            }
            if (s.getType() == Schema.Type.RECORD) {
                enclosing.put(s.getFullName(), path);
            }
            try {
                return chosen(s, path);
            } finally {
                if (s.getType() == Schema.Type.RECORD) {
                    enclosing.remove(s.getFullName());
                }
            }
        }

        private Typed chosen(Schema s, String path) {
            int before = problems.size();
            Nested nested = new Nested() {
                @Override
                public String type(Schema part, String suffix) {
                    return Walk.this.type(part, path + suffix).type();
                }

                @Override
                public String fail(String why) {
                    return failed(path, why).type();
                }
            };
            for (TypeMappings.Pair p : TypeMappings.pairsOf(s)) {
                String type = p.ddl() == null ? null : p.ddl().of(s, nested);
                if (type != null) {
                    return problems.size() > before ? new Typed("?", null) : new Typed(type, p);
                }
            }
            return failed(path, "type " + TypeMappings.avroKey(s) + " has no ClickHouse column type");
        }

        private Typed failed(String path, String why) {
            String problem = "field '" + path + "': " + why;
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
            return new Typed("?", null);
        }
    }

    /**
     * The column definition for a new column fed by {@code field}: {@code name type [DEFAULT expr]}. The DEFAULT
     * carries the Avro default when it is simple (number, boolean, string, enum symbol, empty array or map, on a
     * type without a logical type) and not null (a Nullable column's default is NULL anyway), so rows of older
     * schemas, which lack the field, take the same value a reader schema would give them.
     *
     * @throws IllegalArgumentException naming the field when its type has no ClickHouse column type
     */
    public static String columnDefinition(Schema.Field field) {
        String definition = Identifiers.quoteIfNeeded(field.name()) + " " + of(field.schema(), field.name());
        String defaultExpression = defaultExpression(field);
        return defaultExpression == null ? definition : definition + " DEFAULT " + defaultExpression;
    }

    /** The Avro default of {@code field} as a ClickHouse literal, or null when it has none or it is not simple. */
    public static String defaultExpression(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            return null;
        }
        // a union's default belongs to its first branch
        Schema s = field.schema().getType() == Schema.Type.UNION ? field.schema().getTypes().get(0) : field.schema();
        Object value = field.defaultVal();
        if (s.getLogicalType() != null || value == null || value == org.apache.avro.JsonProperties.NULL_VALUE) {
            return null;
        }
        return switch (s.getType()) {
            case INT, LONG -> value instanceof Number n ? Long.toString(n.longValue()) : null;
            case FLOAT, DOUBLE -> value instanceof Number n && Double.isFinite(n.doubleValue())
                    ? Double.toString(n.doubleValue()) : null;
            case BOOLEAN -> value instanceof Boolean b ? b.toString() : null;
            case STRING, ENUM -> Identifiers.literal(value.toString());
            case ARRAY -> value instanceof Collection<?> c && c.isEmpty() ? "[]" : null;
            case MAP -> value instanceof Map<?, ?> m && m.isEmpty() ? "map()" : null;
            default -> null;
        };
    }

    private static String decimal(Schema s, Nested n) {
        LogicalTypes.Decimal d = (LogicalTypes.Decimal) s.getLogicalType();
        if (d.getPrecision() > MAX_DECIMAL_PRECISION) {
            return n.fail("decimal precision " + d.getPrecision() + " exceeds ClickHouse's " + MAX_DECIMAL_PRECISION);
        }
        return "Decimal(" + d.getPrecision() + ", " + d.getScale() + ")";
    }

    /** Enum8 with the Avro symbols numbered from 1 in order. */
    private static String enum8(Schema s) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < s.getEnumSymbols().size(); i++) {
            items.add(Identifiers.literal(s.getEnumSymbols().get(i)) + " = " + (i + 1));
        }
        return "Enum8(" + String.join(", ", items) + ")";
    }

    private static String tuple(Schema s, Nested n) {
        if (s.getFields().isEmpty()) {
            return n.fail("record " + s.getFullName() + " has no fields (a Tuple needs at least one element)");
        }
        List<String> items = new ArrayList<>();
        for (Schema.Field f : s.getFields()) {
            items.add(Identifiers.quoteIfNeeded(f.name()) + " " + n.type(f.schema(), "." + f.name()));
        }
        return "Tuple(" + String.join(", ", items) + ")";
    }

    /** Nullable(T); inside LowCardinality, which ClickHouse allows only outside Nullable. */
    private static String nullable(String type) {
        if (type.startsWith("Nullable(")) {
            return type;
        }
        if (type.startsWith("LowCardinality(")) {
            return "LowCardinality(Nullable(" + type.substring("LowCardinality(".length(), type.length() - 1) + "))";
        }
        return "Nullable(" + type + ")";
    }
}
