package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import io.chute.mapping.RowEncoderFactory.UnmappedFieldPolicy;

class RowEncoderTest {

    private static Schema record(String fieldSchemaJson) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":"
                + fieldSchemaJson + "}]}");
    }

    /** Encodes {f: value} into a one-column table {@code f chType} and returns the row bytes. */
    private static byte[] encode(String fieldSchemaJson, Object value, String chType) throws MappingException {
        Schema schema = record(fieldSchemaJson);
        GenericRecord r = new GenericData.Record(schema);
        r.put("f", value);
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("f", chType, "")));
        RowBinaryBuffer out = new RowBinaryBuffer(16);
        RowEncoderFactory.compile(schema, table, UnmappedFieldPolicy.IGNORE).encode(r, out);
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Marker 0 then {@code v} little-endian in {@code width} bytes. */
    private static byte[] value(long v, int width) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        for (int i = 0; i < width; i++) {
            out.write(i < 8 ? (int) (v >>> (8 * i)) : (v < 0 ? 0xff : 0));
        }
        return out.toByteArray();
    }

    private static ByteBuffer unscaled(long v) {
        return ByteBuffer.wrap(BigInteger.valueOf(v).toByteArray());
    }

    @Test
    void shouldWriteLittleEndianIntegersWhenMappingIntAndLong() throws Exception {
        assertArrayEquals(bytes(0, 1, 0, 0, 0), encode("\"int\"", 1, "Int32"));
        assertArrayEquals(bytes(0, 0xfe, 0xff), encode("\"int\"", -2, "Int16"));
        assertArrayEquals(value(300, 8), encode("\"long\"", 300L, "UInt64"));
        assertArrayEquals(value(-1, 16), encode("\"long\"", -1L, "Int128"));
        assertArrayEquals(bytes(0, 255), encode("\"int\"", 255, "UInt8"));
    }

    @Test
    void shouldFailNamingColumnWhenIntegerIsOutOfRange() {
        MappingException e = assertThrows(MappingException.class, () -> encode("\"long\"", 256L, "UInt8"));
        assertEquals("f", e.column());
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertThrows(MappingException.class, () -> encode("\"long\"", -1L, "UInt64"));
        assertThrows(MappingException.class, () -> encode("\"int\"", 128, "Int8"));
    }

    @Test
    void shouldWriteIeeeFloatsWhenMappingFloatAndDouble() throws Exception {
        assertArrayEquals(value(Float.floatToIntBits(1.5f), 4), encode("\"float\"", 1.5f, "Float32"));
        assertArrayEquals(value(Double.doubleToLongBits(2.25), 8), encode("\"double\"", 2.25, "Float64"));
    }

    @Test
    void shouldWriteVarintLengthAndUtf8BytesWhenMappingString() throws Exception {
        assertArrayEquals(bytes(0, 6, 'h', 0xc3, 0xa9, 'l', 'l', 'o'), encode("\"string\"", new Utf8("héllo"),
                "String"));
        assertArrayEquals(bytes(0, 2, 'h', 'i'), encode("\"string\"", "hi", "LowCardinality(String)"));
        byte[] long200 = encode("\"string\"", new Utf8("x".repeat(200)), "String");
        assertArrayEquals(bytes(0, 0xc8, 0x01, 'x'), java.util.Arrays.copyOf(long200, 4));
    }

    @Test
    void shouldWriteNullableMarkerWhenMappingUnionWithNull() throws Exception {
        assertArrayEquals(bytes(0, 1), encode("[\"null\",\"int\"]", null, "Nullable(Int32)"));
        assertArrayEquals(bytes(0, 0, 7, 0, 0, 0), encode("[\"null\",\"int\"]", 7, "Nullable(Int32)"));
        assertArrayEquals(bytes(0, 0, 1, 'a'), encode("\"string\"", "a", "LowCardinality(Nullable(String))"));
    }

    @Test
    void shouldRescaleMicrosWhenMappingTimestampToDateTime64() throws Exception {
        String micros = "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}";
        String millis = "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}";

        assertArrayEquals(value(1_700_000_000_123L, 8), encode(micros, 1_700_000_000_123_456L, "DateTime64(3)"));
        assertArrayEquals(value(1_700_000_000_123_000_000L, 8), encode(millis, 1_700_000_000_123L,
                "DateTime64(9, 'UTC')"));
        assertArrayEquals(value(-2, 8), encode(micros, -1_500L, "DateTime64(3)"));
        assertArrayEquals(value(1_700_000_000L, 4), encode(millis, 1_700_000_000_999L, "DateTime"));
        assertArrayEquals(value(1_700_000_000L, 4), encode(
                "{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}", 1_700_000_000_000_001L,
                "DateTime('UTC')"));
        assertThrows(MappingException.class, () -> encode(millis, -1L, "DateTime"));
    }

    @Test
    void shouldRescaleExactlyWhenMappingDecimal() throws Exception {
        String dec2 = "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}";
        String fixed = "{\"type\":\"fixed\",\"name\":\"D\",\"size\":16,\"logicalType\":\"decimal\",\"precision\":30,"
                + "\"scale\":2}";

        assertArrayEquals(value(1_234_500L, 8), encode(dec2, unscaled(12_345), "Decimal(18, 4)"));
        assertArrayEquals(value(-1_234_500L, 4), encode(dec2, unscaled(-12_345), "Decimal32(4)"));
        byte[] sixteen = new byte[16];
        byte[] big = new BigInteger("123456789012345678901234").toByteArray();
        System.arraycopy(big, 0, sixteen, 16 - big.length, big.length);
        byte[] expected = new byte[17];
        byte[] le = new BigInteger("123456789012345678901234").toByteArray();
        for (int i = 0; i < le.length; i++) {
            expected[1 + i] = le[le.length - 1 - i];
        }
        assertArrayEquals(expected, encode(fixed, new GenericData.Fixed(record(fixed).getField("f").schema(),
                sixteen), "Decimal(38, 2)"));
        assertArrayEquals(value(4200L, 4), encode("\"int\"", 42, "Decimal(9, 2)"));
    }

    @Test
    void shouldFailWhenDecimalLosesDigitsOrExceedsPrecision() {
        String dec4 = "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":4}";

        MappingException lose = assertThrows(MappingException.class, () -> encode(dec4, unscaled(12_345),
                "Decimal(9, 2)"));
        MappingException tooBig = assertThrows(MappingException.class, () -> encode(dec4, unscaled(1_234_567_890L),
                "Decimal(5, 4)"));

        assertTrue(lose.getMessage().contains("lose digits"), lose.getMessage());
        assertTrue(tooBig.getMessage().contains("precision"), tooBig.getMessage());
    }

    @Test
    void shouldPadWithZerosWhenMappingToFixedString() throws Exception {
        assertArrayEquals(bytes(0, 'a', 'b', 'c', 0, 0), encode("\"string\"", new Utf8("abc"), "FixedString(5)"));
        assertArrayEquals(bytes(0, 1, 2, 0), encode("\"bytes\"", ByteBuffer.wrap(bytes(1, 2)), "FixedString(3)"));
        MappingException e = assertThrows(MappingException.class, () -> encode("\"string\"", "abcdef",
                "FixedString(5)"));
        assertEquals("f", e.column());
    }

    @Test
    void shouldWriteBytesAndFixedWhenMappingToString() throws Exception {
        Schema fixed = new Schema.Parser().parse("{\"type\":\"fixed\",\"name\":\"F2\",\"size\":2}");
        assertArrayEquals(bytes(0, 2, 9, 8), encode("\"bytes\"", ByteBuffer.wrap(bytes(9, 8)), "String"));
        assertArrayEquals(bytes(0, 2, 9, 8), encode(fixed.toString(), new GenericData.Fixed(fixed, bytes(9, 8)),
                "String"));
    }

    @Test
    void shouldWriteTwoLittleEndianHalvesWhenMappingUuid() throws Exception {
        String uuid = "{\"type\":\"string\",\"logicalType\":\"uuid\"}";
        byte[] expected = new byte[17];
        ByteBuffer.wrap(expected, 1, 16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(0x0011223344556677L).putLong(0x8899aabbccddeeffL);

        assertArrayEquals(expected, encode(uuid, new Utf8("00112233-4455-6677-8899-aabbccddeeff"), "UUID"));
        assertThrows(MappingException.class, () -> encode(uuid, new Utf8("not-a-uuid"), "UUID"));
    }

    @Test
    void shouldWriteEnumValueWhenMappingByName() throws Exception {
        String avroEnum = "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}";
        Schema e = new Schema.Parser().parse(avroEnum);

        assertArrayEquals(bytes(0, 2), encode(avroEnum, new GenericData.EnumSymbol(e, "B"), "Enum8('A' = 1, 'B' = 2)"));
        assertArrayEquals(bytes(0, 0xe8, 0x03), encode("\"string\"", new Utf8("x"), "Enum16('x' = 1000)"));
        assertArrayEquals(bytes(0, 1, 'C'), encode(avroEnum, new GenericData.EnumSymbol(e, "C"), "String"));
        assertThrows(MappingException.class, () -> encode(avroEnum, new GenericData.EnumSymbol(e, "C"),
                "Enum8('A' = 1, 'B' = 2)"));
        assertThrows(MappingException.class, () -> encode("\"string\"", "y", "Enum8('x' = 1)"));
    }

    @Test
    void shouldWriteBoolAndDatesWhenMappingBooleanAndDateLogicalType() throws Exception {
        String date = "{\"type\":\"int\",\"logicalType\":\"date\"}";
        assertArrayEquals(bytes(0, 1), encode("\"boolean\"", true, "Bool"));
        assertArrayEquals(bytes(0, 0), encode("\"boolean\"", false, "UInt8"));
        assertArrayEquals(bytes(0, 0x38, 0x4a), encode(date, 19_000, "Date"));
        assertArrayEquals(value(-1, 4), encode(date, -1, "Date32"));
        assertArrayEquals(bytes(0, 0x38, 0x4a), encode("\"string\"", "2022-01-08", "Date"));
        assertThrows(MappingException.class, () -> encode(date, -1, "Date"));
    }

    @Test
    void shouldWriteCountThenElementsWhenMappingArrayAndMap() throws Exception {
        byte[] array = encode("{\"type\":\"array\",\"items\":\"int\"}",
                new GenericData.Array<>(Schema.createArray(Schema.create(Schema.Type.INT)), List.of(1, -1)),
                "Array(Int16)");
        byte[] map = encode("{\"type\":\"map\",\"values\":[\"null\",\"long\"]}", Map.of(new Utf8("k"), 5L),
                "Map(String, Nullable(Int32))");

        assertArrayEquals(bytes(0, 2, 1, 0, 0xff, 0xff), array);
        assertArrayEquals(bytes(0, 1, 1, 'k', 0, 5, 0, 0, 0), map);
    }

    @Test
    void shouldWriteFieldsInTupleOrderWhenMappingNestedRecord() throws Exception {
        String inner = "{\"type\":\"record\",\"name\":\"In\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                + "{\"name\":\"b\",\"type\":\"string\"}]}";
        Schema in = record(inner).getField("f").schema();
        GenericRecord v = new GenericData.Record(in);
        v.put("a", 1);
        v.put("b", new Utf8("x"));

        assertArrayEquals(bytes(0, 1, 'x', 1, 0, 0, 0), encode(inner, v, "Tuple(b String, a Int32)"));
        assertArrayEquals(bytes(0, 1, 0, 0, 0, 1, 'x'), encode(inner, v, "Tuple(Int32, String)"));
        assertThrows(MappingConfigException.class, () -> encode(inner, v, "Tuple(c Int32)"));
    }

    @Test
    void shouldUseDefaultMarkerWhenFieldIsMissingOrNullAndColumnHasDefault() throws Exception {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":[\"null\",\"int\"]},{\"name\":\"extra\",\"type\":\"int\"}]}");
        TableSchema table = new TableSchema("t", List.of(
                TableSchema.Column.describe("a", "Int32", "DEFAULT"),
                TableSchema.Column.describe("b", "String", "DEFAULT"),
                TableSchema.Column.describe("n", "Nullable(String)", ""),
                TableSchema.Column.describe("m", "String", "MATERIALIZED"),
                TableSchema.Column.describe("al", "String", "ALIAS")));
        RowEncoder encoder = RowEncoderFactory.compile(schema, table, UnmappedFieldPolicy.IGNORE);
        GenericRecord r = new GenericData.Record(schema);
        r.put("a", null);
        r.put("extra", 1);
        RowBinaryBuffer out = new RowBinaryBuffer();

        encoder.encode(r, out);

        assertEquals(List.of("a", "b", "n"), encoder.columnNames());
        assertEquals(List.of("extra"), encoder.ignoredFields());
        assertArrayEquals(bytes(1, 1, 1), out.toByteArray());
        assertThrows(MappingConfigException.class,
                () -> RowEncoderFactory.compile(schema, table, UnmappedFieldPolicy.FAIL));
    }

    @Test
    void shouldFailAtCompileTimeNamingColumnWhenColumnHasNoFieldAndNoDefault() {
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("needed", "Int32", "")));

        MappingConfigException e = assertThrows(MappingConfigException.class,
                () -> RowEncoderFactory.compile(record("\"int\""), table, UnmappedFieldPolicy.IGNORE));

        assertTrue(e.getMessage().contains("'needed'"), e.getMessage());
    }

    @Test
    void shouldFailAtCompileTimeWhenTypesCannotBeMapped() {
        MappingConfigException e = assertThrows(MappingConfigException.class, () -> encode("\"string\"", "x",
                "Int32"));
        assertTrue(e.getMessage().contains("'f'"), e.getMessage());
        assertThrows(MappingConfigException.class, () -> encode("\"long\"", 1L, "DateTime64(3)"));
        assertThrows(MappingConfigException.class, () -> encode("\"string\"", "x", "JSON"));
        assertThrows(MappingConfigException.class, () -> encode("[\"null\",\"int\",\"string\"]", 1, "Int32"));
    }

    @Test
    void shouldThrowEveryTimeButCompileOnceWhenFactoryGetsUnmappableSchema() {
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("needed", "Int32", "")));
        RowEncoderFactory factory = new RowEncoderFactory(table, UnmappedFieldPolicy.IGNORE);
        Schema schema = record("\"int\"");

        MappingConfigException first = assertThrows(MappingConfigException.class, () -> factory.encoderFor(schema));
        MappingConfigException second = assertThrows(MappingConfigException.class, () -> factory.encoderFor(schema));

        assertEquals(first.getMessage(), second.getMessage());
    }

    @Test
    void shouldFailWhenNullReachesNonNullableColumnWithoutDefault() {
        MappingException e = assertThrows(MappingException.class, () -> encode("[\"null\",\"int\"]", null, "Int32"));
        assertEquals("f", e.column());
    }

    @Test
    void shouldLeaveBufferUnchangedWhenRowFailsMidway() throws Exception {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"s\",\"type\":\"string\"},{\"name\":\"small\",\"type\":\"int\"}]}");
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("s", "String", ""),
                TableSchema.Column.describe("small", "Int8", "")));
        RowEncoder encoder = new RowEncoderFactory(table, UnmappedFieldPolicy.IGNORE).encoderFor(schema);
        RowBinaryBuffer out = new RowBinaryBuffer(4);
        GenericRecord good = new GenericData.Record(schema);
        good.put("s", new Utf8("ok"));
        good.put("small", 1);
        GenericRecord bad = new GenericData.Record(schema);
        bad.put("s", new Utf8("a long string that is written before the failing column"));
        bad.put("small", 1000);
        encoder.encode(good, out);
        byte[] before = out.toByteArray();

        MappingException e = assertThrows(MappingException.class, () -> encoder.encode(bad, out));

        assertEquals("small", e.column());
        assertArrayEquals(before, out.toByteArray());
        encoder.encode(good, out);
        assertEquals(2 * before.length, out.size());
    }
}
