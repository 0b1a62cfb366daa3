package io.chute.it;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The columns of {@link TypeRoundTripIT}: one ClickHouse column per case, fed by one Avro field (or by none), with
 * the Java value of two rows and what ClickHouse must print for them. Values are plain Java objects (BigDecimal,
 * UUID, Instant...) that Avro's logical-type conversions turn into the bytes a producer would send.
 */
final class TypeCases {
    private TypeCases() {
    }

    /** A nested Avro record's field values, in field order. */
    record Rec(Object... fields) {
    }

    /**
     * One column.
     *
     * @param avroType the Avro field type as JSON, or null when the record has no field for the column
     * @param select the expression read back, {@code %s} standing for the column (wrapped in toString)
     * @param values the value of row 1 and row 2
     * @param expected what {@code toString(select)} prints for row 1 and row 2 ("NULL" for NULL)
     */
    record Case(String column, String chType, String avroType, String select, List<Object> values,
                List<String> expected) {
    }

    /** A value that must be rejected by the encoder: {@code field} of a valid row set to {@code value}. */
    record Bad(String field, Object value, String column) {
    }

    static final String ENUM8 = "Enum8('red' = 1, 'green' = 2, 'blue' = -3)";
    static final String ENUM16 = "Enum16('low' = -1000, 'high' = 1000)";
    private static final String MILLIS = "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}";
    private static final String MICROS = "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}";
    private static final String DATE = "{\"type\":\"int\",\"logicalType\":\"date\"}";

    static final List<Case> CASES = List.of(
            c("i8", "Int8", "\"int\"", 127, "127", -128, "-128"),
            c("i16", "Int16", "\"int\"", 32767, "32767", -32768, "-32768"),
            c("i32", "Int32", "\"int\"", Integer.MAX_VALUE, "2147483647", Integer.MIN_VALUE, "-2147483648"),
            c("i64", "Int64", "\"long\"", Long.MAX_VALUE, "9223372036854775807", Long.MIN_VALUE,
                    "-9223372036854775808"),
            c("u8", "UInt8", "\"int\"", 255, "255", 0, "0"),
            c("u16", "UInt16", "\"int\"", 65535, "65535", 0, "0"),
            c("u32", "UInt32", "\"long\"", 4294967295L, "4294967295", 0L, "0"),
            // an Avro long cannot carry UInt64 values above 2^63-1: the encoder rejects negative longs
            c("u64", "UInt64", "\"long\"", Long.MAX_VALUE, "9223372036854775807", 0L, "0"),
            c("f32", "Float32", "\"float\"", 1.5f, "1.5", -0.1f, "-0.1"),
            c("f64", "Float64", "\"double\"", Math.PI, "3.141592653589793", -2.5e-300, "-2.5e-300"),
            c("dec18_bytes", "Decimal(18, 4)", decimal("\"bytes\"", 18, 4),
                    new BigDecimal("99999999999999.9999"), "99999999999999.9999", new BigDecimal("-0.0001"), "-0.0001"),
            c("dec18_fixed", "Decimal(18, 4)", decimal("\"fixed\",\"name\":\"Dec18\",\"size\":8", 18, 2),
                    new BigDecimal("-12345.67"), "-12345.67", new BigDecimal("0.01"), "0.01"),
            c("dec38_bytes", "Decimal(38, 10)", decimal("\"bytes\"", 38, 10),
                    new BigDecimal("1234567890123456789012345678.0123456789"),
                    "1234567890123456789012345678.0123456789", new BigDecimal("-0.0000000001"), "-0.0000000001"),
            c("dec38_fixed", "Decimal(38, 10)", decimal("\"fixed\",\"name\":\"Dec38\",\"size\":16", 38, 10),
                    new BigDecimal("-9999999999999999999999999999.9999999999"),
                    "-9999999999999999999999999999.9999999999", new BigDecimal("0.5000000001"), "0.5000000001"),
            c("s", "String", "\"string\"", "héllo wörld \uD83C\uDF0D", "héllo wörld \uD83C\uDF0D", "", ""),
            new Case("fs", "FixedString(8)", "\"string\"", "hex(%s)", List.of("abc", "abcdefgh"),
                    List.of("6162630000000000", "6162636465666768")),
            c("uuid_s", "UUID", "{\"type\":\"string\",\"logicalType\":\"uuid\"}",
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "123e4567-e89b-12d3-a456-426614174000",
                    UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), "ffffffff-ffff-ffff-ffff-ffffffffffff"),
            c("uuid_f", "UUID", "{\"type\":\"fixed\",\"name\":\"UuidBytes\",\"size\":16,\"logicalType\":\"uuid\"}",
                    UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"), "00112233-4455-6677-8899-aabbccddeeff",
                    UUID.fromString("80000000-0000-0000-0000-000000000001"), "80000000-0000-0000-0000-000000000001"),
            c("flag", "Bool", "\"boolean\"", true, "true", false, "false"),
            c("day", "Date", DATE, LocalDate.of(2149, 6, 6), "2149-06-06", LocalDate.EPOCH, "1970-01-01"),
            c("day32", "Date32", DATE, LocalDate.of(2299, 12, 31), "2299-12-31", LocalDate.of(1900, 1, 1),
                    "1900-01-01"),
            c("ts", "DateTime('UTC')", MILLIS, Instant.parse("2024-02-29T12:34:56.789Z"), "2024-02-29 12:34:56",
                    Instant.parse("2106-02-07T06:28:15Z"), "2106-02-07 06:28:15"),
            c("ts64_3", "DateTime64(3, 'UTC')", MILLIS, Instant.parse("2024-02-29T12:34:56.789Z"),
                    "2024-02-29 12:34:56.789", Instant.parse("1969-12-31T23:59:59.999Z"), "1969-12-31 23:59:59.999"),
            c("ts64_6", "DateTime64(6, 'UTC')", MICROS, Instant.parse("2024-02-29T12:34:56.789123Z"),
                    "2024-02-29 12:34:56.789123", Instant.parse("1900-01-01T00:00:00.000001Z"),
                    "1900-01-01 00:00:00.000001"),
            c("ts64_6_from_millis", "DateTime64(6, 'UTC')", MILLIS, Instant.parse("2024-02-29T12:34:56.789Z"),
                    "2024-02-29 12:34:56.789000", Instant.EPOCH, "1970-01-01 00:00:00.000000"),
            c("ts64_3_from_micros", "DateTime64(3, 'UTC')", MICROS, Instant.parse("2024-02-29T12:34:56.789999Z"),
                    "2024-02-29 12:34:56.789", Instant.parse("1969-12-31T23:59:59.999999Z"), "1969-12-31 23:59:59.999"),
            c("local_ts", "DateTime64(3, 'UTC')", "{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}",
                    LocalDateTime.parse("2024-02-29T12:34:56.789"), "2024-02-29 12:34:56.789",
                    LocalDateTime.parse("2000-01-01T00:00:00"), "2000-01-01 00:00:00.000"),
            c("color", ENUM8, enumType("Color", "red", "green", "blue", "purple"), "blue", "blue", "red", "red"),
            c("color_s", ENUM8, "\"string\"", "green", "green", "blue", "blue"),
            c("level", ENUM16, enumType("Level", "low", "high"), "high", "high", "low", "low"),
            c("level_s", ENUM16, "\"string\"", "low", "low", "high", "high"),
            c("lc", "LowCardinality(String)", "\"string\"", "lc-a", "lc-a", "lc-b", "lc-b"),
            c("n_int", "Nullable(Int32)", "[\"null\",\"int\"]", 42, "42", null, "NULL"),
            c("n_str", "Nullable(String)", "[\"null\",\"string\"]", "x", "x", null, "NULL"),
            c("lc_n", "LowCardinality(Nullable(String))", "[\"null\",\"string\"]", null, "NULL", "y", "y"),
            c("n_ts", "Nullable(DateTime64(3, 'UTC'))", "[\"null\"," + MILLIS + "]",
                    Instant.parse("2024-02-29T12:34:56.789Z"), "2024-02-29 12:34:56.789", null, "NULL"),
            c("arr", "Array(Int32)", "{\"type\":\"array\",\"items\":\"int\"}", List.of(1, -2, Integer.MAX_VALUE),
                    "[1,-2,2147483647]", List.of(), "[]"),
            c("arr_ns", "Array(Nullable(String))", "{\"type\":\"array\",\"items\":[\"null\",\"string\"]}",
                    Arrays.asList("a", null, "b"), "['a',NULL,'b']", Arrays.asList((Object) null), "[NULL]"),
            new Case("m", "Map(String, Int64)", "{\"type\":\"map\",\"values\":\"long\"}", "mapSort(%s)",
                    List.of(Map.of("b", -2L, "a", Long.MAX_VALUE), Map.of()),
                    List.of("{'a':9223372036854775807,'b':-2}", "{}")),
            c("pair", "Tuple(Int32, String)", record("Pair", "{\"name\":\"a\",\"type\":\"int\"}",
                    "{\"name\":\"b\",\"type\":\"string\"}"), new Rec(7, "x"), "(7,'x')", new Rec(-1, ""), "(-1,'')"),
            c("address", "Tuple(street String, zip UInt32)", record("Address",
                    "{\"name\":\"street\",\"type\":\"string\"}", "{\"name\":\"zip\",\"type\":\"long\"}"),
                    new Rec("Main St", 4294967295L), "('Main St',4294967295)", new Rec("", 0L), "('',0)"),
            c("opt_plain", "String", "[\"null\",\"string\"]", "present", "present", "also", "also"),
            c("opt_default", "String DEFAULT 'fallback'", "[\"null\",\"string\"]", "given", "given", null,
                    "fallback"),
            c("dflt", "String DEFAULT 'the-default'", null, null, "the-default", null, "the-default"),
            c("dflt_expr", "Int64 DEFAULT i32 * 2", null, null, "4294967294", null, "-4294967296"),
            c("absent_n", "Nullable(String)", null, null, "NULL", null, "NULL"),
            c("mat", "String MATERIALIZED concat(lc, '!')", null, null, "lc-a!", null, "lc-b!"));

    /** One bad value per mapping error the encoder must catch, with the column it must name. */
    static final List<Bad> BAD = List.of(
            new Bad("i8", 128, "i8"),
            new Bad("u8", -1, "u8"),
            new Bad("u32", 4294967296L, "u32"),
            new Bad("u64", -1L, "u64"),
            new Bad("fs", "abcdefghi", "fs"),
            // Avro's own conversion refuses more digits than the precision; a raw producer can still send them
            new Bad("dec18_bytes", ByteBuffer.wrap(BigInteger.TEN.pow(18).toByteArray()), "dec18_bytes"),
            // 18 digits at scale 2 are 20 at the column's scale 4
            new Bad("dec18_fixed", new BigDecimal("9999999999999999.99"), "dec18_fixed"),
            new Bad("uuid_s", "not-a-uuid", "uuid_s"),
            new Bad("color", "purple", "color"),
            new Bad("color_s", "purple", "color_s"),
            new Bad("level_s", "Low", "level_s"),
            new Bad("day", LocalDate.of(1969, 12, 31), "day"),
            new Bad("day32", LocalDate.of(1899, 12, 31), "day32"),
            new Bad("ts", Instant.parse("1969-12-31T23:59:59Z"), "ts"),
            new Bad("ts", Instant.parse("2106-02-07T06:28:16Z"), "ts"),
            new Bad("opt_plain", null, "opt_plain"),
            new Bad("address", new Rec("Main St", -1L), "address"));

    /** The Avro record schema: id, every case with a field, and a field without a column. */
    static String avroSchema() {
        String fields = CASES.stream().filter(c -> c.avroType() != null)
                .map(c -> "{\"name\":\"" + c.column() + "\",\"type\":" + c.avroType() + "}")
                .collect(Collectors.joining(","));
        return "{\"type\":\"record\",\"name\":\"TypeRow\",\"namespace\":\"io.chute.it\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"int\"}," + fields + ",{\"name\":\"extra\",\"type\":\"string\"}]}";
    }

    /** {@code CREATE TABLE} for every case, ordered by id. */
    static String createTable(String qualifiedName) {
        String columns = CASES.stream().map(c -> "`" + c.column() + "` " + c.chType())
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + qualifiedName + " (id UInt32, " + columns + ") ENGINE = MergeTree ORDER BY id";
    }

    /** Field values of row {@code row} (0 or 1), by field name. */
    static Map<String, Object> row(int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", row + 1);
        for (Case c : CASES) {
            if (c.avroType() != null) {
                values.put(c.column(), c.values().get(row));
            }
        }
        values.put("extra", "dropped");
        return values;
    }

    private static Case c(String column, String chType, String avroType, Object v1, String e1, Object v2,
                          String e2) {
        List<Object> values = new ArrayList<>();
        values.add(v1);
        values.add(v2);
        return new Case(column, chType, avroType, "%s", values, List.of(e1, e2));
    }

    private static String decimal(String base, int precision, int scale) {
        return "{\"type\":" + base + ",\"logicalType\":\"decimal\",\"precision\":" + precision + ",\"scale\":"
                + scale + "}";
    }

    private static String enumType(String name, String... symbols) {
        return "{\"type\":\"enum\",\"name\":\"" + name + "\",\"symbols\":[\""
                + String.join("\",\"", symbols) + "\"]}";
    }

    private static String record(String name, String... fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + String.join(",", fields) + "]}";
    }
}
