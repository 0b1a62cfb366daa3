package io.chute.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A ClickHouse column type as {@code DESCRIBE TABLE} prints it. {@link #toString()} prints the canonical form
 * (e.g. {@code Decimal32(2)} prints as {@code Decimal(9, 2)}, like ClickHouse). Parse with
 * {@link ClickHouseTypeParser#parse(String)}.
 */
public sealed interface ClickHouseType {

    /** Types without parameters. */
    enum Kind {
        Int8(1), Int16(2), Int32(4), Int64(8), Int128(16), Int256(32),
        UInt8(1), UInt16(2), UInt32(4), UInt64(8), UInt128(16), UInt256(32),
        Float32(4), Float64(8), String(-1), UUID(16), Bool(1), Date(2), Date32(4), IPv4(4), IPv6(16);

        private final int width;

        Kind(int width) {
            this.width = width;
        }

        /** Fixed RowBinary width in bytes, -1 for String. */
        public int width() {
            return width;
        }

        /** True for Int* and UInt*. */
        public boolean isInteger() {
            return ordinal() <= UInt256.ordinal();
        }

        /** True for UInt*. */
        public boolean isUnsigned() {
            return ordinal() >= UInt8.ordinal() && ordinal() <= UInt256.ordinal();
        }
    }

    /** A type without parameters. */
    record Simple(Kind kind) implements ClickHouseType {
        @Override
        public String toString() {
            return kind.name();
        }
    }

    /** {@code Decimal(P, S)}; also Decimal32/64/128/256(S). */
    record Decimal(int precision, int scale) implements ClickHouseType {
        public Decimal {
            if (precision < 1 || precision > 76 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("bad Decimal(" + precision + ", " + scale + ")");
            }
        }

        /** RowBinary width: 4, 8, 16 or 32 bytes depending on the precision. */
        public int width() {
            return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
        }

        @Override
        public String toString() {
            return "Decimal(" + precision + ", " + scale + ")";
        }
    }

    /** {@code FixedString(N)}. */
    record FixedString(int length) implements ClickHouseType {
        @Override
        public String toString() {
            return "FixedString(" + length + ")";
        }
    }

    /** {@code DateTime} or {@code DateTime('tz')}; timezone null when absent. */
    record DateTime(String timezone) implements ClickHouseType {
        @Override
        public String toString() {
            return timezone == null ? "DateTime" : "DateTime(" + Identifiers.literal(timezone) + ")";
        }
    }

    /** {@code DateTime64(p)} or {@code DateTime64(p, 'tz')}. */
    record DateTime64(int precision, String timezone) implements ClickHouseType {
        public DateTime64 {
            if (precision < 0 || precision > 9) {
                throw new IllegalArgumentException("DateTime64 precision must be 0..9, got " + precision);
            }
        }

        @Override
        public String toString() {
            return "DateTime64(" + precision + (timezone == null ? "" : ", " + Identifiers.literal(timezone))
                    + ")";
        }
    }

    /** {@code Enum8(...)} or {@code Enum16(...)}: names to values, in declaration order. */
    record Enum(int bits, Map<String, Integer> values) implements ClickHouseType {
        public Enum {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public String toString() {
            return "Enum" + bits + "(" + values.entrySet().stream()
                    .map(e -> Identifiers.literal(e.getKey()) + " = " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code LowCardinality(T)}: same RowBinary encoding as T. */
    record LowCardinality(ClickHouseType inner) implements ClickHouseType {
        @Override
        public String toString() {
            return "LowCardinality(" + inner + ")";
        }
    }

    /** {@code Nullable(T)}: a marker byte (1 = NULL) then T. */
    record Nullable(ClickHouseType inner) implements ClickHouseType {
        @Override
        public String toString() {
            return "Nullable(" + inner + ")";
        }
    }

    /** {@code Array(T)}. */
    record Array(ClickHouseType element) implements ClickHouseType {
        @Override
        public String toString() {
            return "Array(" + element + ")";
        }
    }

    /** {@code Map(K, V)}. */
    record MapType(ClickHouseType key, ClickHouseType value) implements ClickHouseType {
        @Override
        public String toString() {
            return "Map(" + key + ", " + value + ")";
        }
    }

    /** {@code Tuple(T1, T2)} or named {@code Tuple(a T1, b T2)}; {@code names} is null when unnamed. */
    record Tuple(List<String> names, List<ClickHouseType> elements) implements ClickHouseType {
        public Tuple {
            elements = List.copyOf(elements);
            names = names == null ? null : List.copyOf(names);
            if (names != null && names.size() != elements.size()) {
                throw new IllegalArgumentException("tuple names and elements differ in count");
            }
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Tuple(");
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                if (names != null) {
                    b.append(Identifiers.quoteIfNeeded(names.get(i))).append(' ');
                }
                b.append(elements.get(i));
            }
            return b.append(')').toString();
        }
    }

    /** A type this code does not encode (e.g. {@code JSON}, {@code Variant(...)}); kept verbatim. */
    record Unsupported(String text) implements ClickHouseType {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Strips LowCardinality wrappers (they do not change RowBinary). */
    static ClickHouseType unwrapLowCardinality(ClickHouseType type) {
        return type instanceof LowCardinality lc ? unwrapLowCardinality(lc.inner()) : type;
    }
}
