package io.chute.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import io.chute.mapping.ClickHouseType.Kind;

/**
 * The one table of Avro -> ClickHouse type rules, keyed by (Avro type, ClickHouse type family). Each pair holds
 * the generic writer ({@link WriterCompiler}), the fast path's operation or none ({@link DirectRowEncoder}), the DDL
 * type {@code chute tables create} and {@code add-columns} emit for the Avro type when this pair is the chosen one
 * ({@link AvroColumnTypes}), and the {@link NullRule}. A pair not in the table is a {@link MappingConfigException}.
 *
 * <p>Avro types are keyed with their logical type ({@code long/timestamp-millis}); {@code Nullable(T)} and
 * {@code LowCardinality(T)} are wrappers around a pair, not pairs. README's type table is {@link #markdownTable()}
 * (checked by a test).
 */
public final class TypeMappings {

    /** Builds a pair's generic writer; null when these particular types do not fit (fixed(8) into UUID). */
    @FunctionalInterface
    interface Generic {
        ValueWriter writer(Schema avro, ClickHouseType ch, WriterCompiler.Nested nested);
    }

    /** Builds a pair's fast-path operation; null when these particular types do not fit. */
    @FunctionalInterface
    interface Fast {
        FastOp op(Schema avro, ClickHouseType ch);
    }

    /** The DDL type of an Avro schema by this pair, or null when another pair of the Avro type applies. */
    @FunctionalInterface
    interface DdlType {
        String of(Schema avro, AvroColumnTypes.Nested nested);
    }

    /** One (Avro type, ClickHouse type) pair. */
    public static final class Pair {
        private final String avro;
        private final String clickHouse;
        private final Generic generic;
        private final Fast fast;
        private DdlType ddl;

        private Pair(String avro, String clickHouse, Generic generic, Fast fast) {
            this.avro = avro;
            this.clickHouse = clickHouse;
            this.generic = generic;
            this.fast = fast;
        }

        /** The Avro type, with its logical type after a slash ({@code int/date}). */
        public String avro() {
            return avro;
        }

        /** The ClickHouse type family ({@code Int32}, {@code DateTime64}, {@code Enum} for Enum8/16, ...). */
        public String clickHouse() {
            return clickHouse;
        }

        public boolean onFastPath() {
            return fast != null;
        }

        /** True when generated DDL may choose this pair for its Avro type. */
        public boolean emittedByDdl() {
            return ddl != null;
        }

        public NullRule nullRule() {
            return EMPTY_FAMILIES.contains(clickHouse) ? NullRule.EMPTY : NullRule.NULLABLE;
        }

        Generic generic() {
            return generic;
        }

        Fast fast() {
            return fast;
        }

        DdlType ddl() {
            return ddl;
        }

        @Override
        public String toString() {
            return avro + " -> " + clickHouse;
        }
    }

    private static final List<String> EMPTY_FAMILIES = List.of("Array", "Map", "Tuple");
    static final List<String> INTS = List.of("int", "int/date", "int/time-millis");
    static final List<String> TIMESTAMPS = List.of("long/timestamp-millis", "long/timestamp-micros",
            "long/timestamp-nanos", "long/local-timestamp-millis", "long/local-timestamp-micros",
            "long/local-timestamp-nanos");
    static final List<String> LONGS = concat(List.of("long", "long/time-micros"), TIMESTAMPS);
    static final List<String> STRINGS = List.of("string", "string/uuid");
    static final List<String> BINARY = List.of("bytes", "bytes/decimal", "fixed", "fixed/decimal", "fixed/uuid",
            "fixed/duration");
    private static final Map<String, Map<String, Pair>> PAIRS = new LinkedHashMap<>();

    static {
        for (Kind k : Kind.values()) {
            if (k.isInteger()) {
                add(concat(INTS, LONGS), k.name(), (a, c, n) -> ScalarWriters.integer(k), (a, c) -> FastOps.integer(k));
            }
        }
        add(List.of("boolean"), "Bool", (a, c, n) -> ScalarWriters.bool(), (a, c) -> FastOps.bool());
        add(List.of("boolean"), "UInt8", (a, c, n) -> ScalarWriters.bool(), (a, c) -> FastOps.bool());
        add(List.of("boolean"), "Int8", (a, c, n) -> ScalarWriters.bool(), (a, c) -> FastOps.bool());
        add(List.of("float"), "Float32", (a, c, n) -> ScalarWriters.float32(), (a, c) -> FastOps.float32FromFloat());
        add(INTS, "Float32", (a, c, n) -> ScalarWriters.float32(), (a, c) -> FastOps.float32FromInteger());
        add(List.of("float"), "Float64", (a, c, n) -> ScalarWriters.float64(), (a, c) -> FastOps.float64FromFloat());
        add(List.of("double"), "Float64", (a, c, n) -> ScalarWriters.float64(), (a, c) -> FastOps.float64FromDouble());
        add(concat(INTS, LONGS), "Float64", (a, c, n) -> ScalarWriters.float64(),
                (a, c) -> FastOps.float64FromInteger());
        add(concat(concat(INTS, LONGS), List.of("bytes/decimal", "fixed/decimal")), "Decimal",
                (a, c, n) -> DecimalWriter.forAvro(a, (ClickHouseType.Decimal) c), null);
        add(concat(STRINGS, BINARY), "String", (a, c, n) -> ScalarWriters.string(), (a, c) -> FastOps.string());
        add(List.of("enum"), "String", (a, c, n) -> ScalarWriters.enumSymbolAsString(a),
                (a, c) -> FastOps.enumSymbol(a));
        add(concat(STRINGS, BINARY), "FixedString", (a, c, n) -> ScalarWriters.fixedString(length(c)),
                (a, c) -> FastOps.fixedString(length(c)));
        add(STRINGS, "UUID", (a, c, n) -> ScalarWriters.uuid(), (a, c) -> FastOps.uuidText());
        add(List.of("fixed", "fixed/uuid"), "UUID", (a, c, n) -> a.getFixedSize() == 16 ? ScalarWriters.uuid() : null,
                (a, c) -> a.getFixedSize() == 16 ? FastOps.uuidBytes() : null);
        add(List.of("enum"), "Enum", (a, c, n) -> ScalarWriters.enumFromAvroEnum(a, (ClickHouseType.Enum) c),
                (a, c) -> FastOps.enumValue(a, (ClickHouseType.Enum) c));
        add(STRINGS, "Enum", (a, c, n) -> ScalarWriters.enumFromString((ClickHouseType.Enum) c), null);
        for (Kind k : List.of(Kind.Date, Kind.Date32)) {
            add(List.of("int", "int/date"), k.name(), (a, c, n) -> ScalarWriters.date(k == Kind.Date32),
                    (a, c) -> FastOps.days(k == Kind.Date32));
            add(STRINGS, k.name(), (a, c, n) -> ScalarWriters.date(k == Kind.Date32), null);
        }
        add(TIMESTAMPS, "DateTime", (a, c, n) -> TemporalWriters.dateTime(TemporalWriters.unitExponent(a)),
                (a, c) -> FastOps.dateTime(TemporalWriters.unitExponent(a)));
        add(TIMESTAMPS, "DateTime64", (a, c, n) -> TemporalWriters.dateTime64(TemporalWriters.unitExponent(a),
                ((ClickHouseType.DateTime64) c).precision()), (a, c) -> FastOps.dateTime64(
                TemporalWriters.unitExponent(a), ((ClickHouseType.DateTime64) c).precision()));
        add(List.of("array"), "Array", WriterCompiler::array, null);
        add(List.of("map"), "Map", WriterCompiler::map, null);
        add(List.of("record"), "Tuple", WriterCompiler::tuple, null);
        AvroColumnTypes.registerDdl();
    }

    private TypeMappings() {
    }

    /** The pair of a non-union Avro schema and a ClickHouse type without Nullable/LowCardinality, or null. */
    static Pair pair(Schema avro, ClickHouseType ch) {
        Map<String, Pair> byColumn = PAIRS.get(avroKey(avro));
        return byColumn == null ? null : byColumn.get(clickHouseKey(ch));
    }

    /** Every pair of a non-union Avro schema, in table order. */
    static List<Pair> pairsOf(Schema avro) {
        Map<String, Pair> byColumn = PAIRS.get(avroKey(avro));
        return byColumn == null ? List.of() : List.copyOf(byColumn.values());
    }

    /** Every pair, in table order. */
    public static List<Pair> all() {
        List<Pair> out = new ArrayList<>();
        PAIRS.values().forEach(m -> out.addAll(m.values()));
        return Collections.unmodifiableList(out);
    }

    /** {@code int}, {@code long/timestamp-millis}, {@code fixed/decimal}...: the Avro type with its logical type. */
    public static String avroKey(Schema avro) {
        LogicalType logical = avro.getLogicalType();
        return avro.getType().getName() + (logical == null ? "" : "/" + logical.getName());
    }

    /** The family a pair names: {@code Int32}, {@code Decimal}, {@code Enum}...; null for wrappers and others. */
    public static String clickHouseKey(ClickHouseType ch) {
        if (ch instanceof ClickHouseType.Simple s) {
            return s.kind().name();
        }
        if (ch instanceof ClickHouseType.Enum) {
            return "Enum";
        }
        if (ch instanceof ClickHouseType.MapType) {
            return "Map";
        }
        if (ch instanceof ClickHouseType.Decimal || ch instanceof ClickHouseType.FixedString
                || ch instanceof ClickHouseType.DateTime || ch instanceof ClickHouseType.DateTime64
                || ch instanceof ClickHouseType.Array || ch instanceof ClickHouseType.Tuple) {
            return ch.getClass().getSimpleName();
        }
        return null;
    }

    /** Sets the DDL type of the pair (avro, clickHouse). */
    static void ddl(String avro, String clickHouse, DdlType type) {
        Pair p = PAIRS.get(avro).get(clickHouse);
        if (p == null || p.ddl != null) {
            throw new IllegalStateException("DDL for " + avro + " -> " + clickHouse);
        }
        p.ddl = type;
    }

    /** README's table: one row per Avro type. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| Avro type | `tables create` emits | lands in | not on the fast path "
                + "| `[\"null\", T]` |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Pair>> e : PAIRS.entrySet()) {
            List<String> types = new ArrayList<>();
            List<String> ddl = new ArrayList<>();
            List<String> slow = new ArrayList<>();
            String nullRule = "";
            for (Pair p : e.getValue().values()) {
                types.add(p.clickHouse);
                if (!p.onFastPath()) {
                    slow.add(p.clickHouse);
                }
                if (p.emittedByDdl()) {
                    ddl.add(p.clickHouse);
                    nullRule = nullRule.isEmpty() ? p.nullRule() == NullRule.EMPTY ? "empty value" : "Nullable"
                            : nullRule;
                }
            }
            b.append("| `").append(e.getKey()).append("` | ").append(String.join(" / ", ddl)).append(" | ")
                    .append(compact(types)).append(" | ")
                    .append(slow.size() == types.size() ? "all" : compact(slow)).append(" | ")
                    .append(nullRule).append(" |\n");
        }
        return b.toString();
    }

    private static String compact(List<String> types) {
        List<String> ints = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (k.isInteger()) {
                ints.add(k.name());
            }
        }
        String joined = String.join(", ", types);
        return joined.replace(String.join(", ", ints), "Int8..Int256, UInt8..UInt256");
    }

    private static void add(List<String> avroKeys, String clickHouse, Generic generic, Fast fast) {
        for (String avro : avroKeys) {
            PAIRS.computeIfAbsent(avro, k -> new LinkedHashMap<>()).put(clickHouse,
                    new Pair(avro, clickHouse, generic, fast));
        }
    }

    private static int length(ClickHouseType c) {
        return ((ClickHouseType.FixedString) c).length();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** The Avro decimal of a schema, or null. */
    static LogicalTypes.Decimal decimal(Schema avro) {
        return avro.getLogicalType() instanceof LogicalTypes.Decimal d ? d : null;
    }
}
