package io.chute.ops;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The ClickHouse column type chute maps an Avro type to, for generated DDL. Unions with null become Nullable
 * (where ClickHouse allows it: not around Array, Map or Tuple, which take their empty value instead); unions of
 * several non-null types have no column type.
 */
final class AvroColumnTypes {
    private static final int ENUM8_MAX = 127;

    private AvroColumnTypes() {
    }

    /** @throws IllegalArgumentException naming {@code path} when the type has no ClickHouse column type */
    static String of(Schema s, String path) {
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
            items.add(Ddl.literal(s.getEnumSymbols().get(i)) + " = " + (i + 1));
        }
        return "Enum8(" + String.join(", ", items) + ")";
    }

    private static String tuple(Schema s, String path) {
        List<String> items = new ArrayList<>();
        for (Schema.Field f : s.getFields()) {
            items.add(Ddl.identifier(f.name()) + " " + of(f.schema(), path + "." + f.name()));
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
