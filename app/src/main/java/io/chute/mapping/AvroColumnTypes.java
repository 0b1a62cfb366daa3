package io.chute.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The ClickHouse column type chute maps an Avro type to, for generated DDL ({@code chute tables create}, and the
 * {@code ALTER TABLE ADD COLUMN} of {@code schema.evolution=add-columns}). Unions with null become Nullable
 * (where ClickHouse allows it: not around Array, Map or Tuple, which take their empty value instead); unions of
 * several non-null types have no column type.
 */
public final class AvroColumnTypes {
    private static final int ENUM8_MAX = 127;

    private AvroColumnTypes() {
    }

    /** @throws IllegalArgumentException naming {@code path} when the type has no ClickHouse column type */
    public static String of(Schema s, String path) {
        if (s.getType() == Schema.Type.UNION) {
            List<Schema> branches = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
            if (branches.size() != 1) {
                throw new IllegalArgumentException("field '" + path + "': a union of " + branches.size()
                        + " non-null types has no ClickHouse column type");
            }
            String inner = of(branches.get(0), path);
            boolean hasNull = branches.size() < s.getTypes().size();
            return hasNull && canBeNullable(inner) ? nullable(inner) : inner;
        }
        LogicalType logical = s.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal d) {
            return "Decimal(" + d.getPrecision() + ", " + d.getScale() + ")";
        }
        return switch (s.getType()) {
            case LONG -> longType(logical);
            case INT -> logical instanceof LogicalTypes.Date ? "Date32" : "Int32";
            case STRING -> logical != null && logical.getName().equals("uuid") ? "UUID" : "String";
            case FIXED -> logical != null && logical.getName().equals("uuid") ? "UUID"
                    : "FixedString(" + s.getFixedSize() + ")";
            case BYTES -> "String";
            case FLOAT -> "Float32";
            case DOUBLE -> "Float64";
            case BOOLEAN -> "Bool";
            case ENUM -> enumType(s);
            case ARRAY -> "Array(" + of(s.getElementType(), path + "[]") + ")";
            case MAP -> "Map(String, " + of(s.getValueType(), path + "{}") + ")";
            case RECORD -> tuple(s, path);
            case NULL, UNION -> throw new IllegalArgumentException("field '" + path + "': type null has no column");
        };
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
        String definition = ClickHouseTypeParser.identifier(field.name()) + " " + of(field.schema(), field.name());
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
            case STRING, ENUM -> ClickHouseTypeParser.quote(value.toString());
            case ARRAY -> value instanceof Collection<?> c && c.isEmpty() ? "[]" : null;
            case MAP -> value instanceof Map<?, ?> m && m.isEmpty() ? "map()" : null;
            default -> null;
        };
    }

    private static String longType(LogicalType logical) {
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return "DateTime64(3, 'UTC')";
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return "DateTime64(6, 'UTC')";
        }
        if (logical instanceof LogicalTypes.TimestampNanos) {
            return "DateTime64(9, 'UTC')";
        }
        if (logical instanceof LogicalTypes.LocalTimestampMillis) {
            return "DateTime64(3)";
        }
        if (logical instanceof LogicalTypes.LocalTimestampMicros) {
            return "DateTime64(6)";
        }
        return "Int64";
    }

    /** Enum8 with the Avro symbols numbered from 1 in order; too many symbols: LowCardinality(String). */
    private static String enumType(Schema s) {
        if (s.getEnumSymbols().size() > ENUM8_MAX) {
            return "LowCardinality(String)";
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < s.getEnumSymbols().size(); i++) {
            items.add(ClickHouseTypeParser.quote(s.getEnumSymbols().get(i)) + " = " + (i + 1));
        }
        return "Enum8(" + String.join(", ", items) + ")";
    }

    private static String tuple(Schema s, String path) {
        List<String> items = new ArrayList<>();
        for (Schema.Field f : s.getFields()) {
            items.add(ClickHouseTypeParser.identifier(f.name()) + " " + of(f.schema(), path + "." + f.name()));
        }
        return "Tuple(" + String.join(", ", items) + ")";
    }

    private static boolean canBeNullable(String type) {
        return !(type.startsWith("Array(") || type.startsWith("Map(") || type.startsWith("Tuple(")
                || type.startsWith("LowCardinality(") || type.startsWith("Nullable("));
    }

    private static String nullable(String type) {
        return "Nullable(" + type + ")";
    }
}
