package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClickHouseTypeParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Int8", "UInt64", "Int256", "Float32", "String", "UUID", "Bool", "Date", "Date32", "IPv4", "IPv6",
        "Nullable(Int32)",
        "LowCardinality(Nullable(String))",
        "Array(Array(Nullable(Decimal(18, 4))))",
        "Map(String, Array(Tuple(a Int32, b Nullable(DateTime64(3, 'UTC')))))",
        "Tuple(String, UInt64)",
        "Tuple(`a b` String, c Tuple(d Array(FixedString(16))))",
        "Enum8('a' = 1, 'b\\'c' = -2)",
        "Enum16('x' = 1000)",
        "DateTime",
        "DateTime('Europe/Berlin')",
        "DateTime64(6)",
        "Map(LowCardinality(String), Map(String, Array(Nullable(UUID))))"
    })
    void shouldPrintBackTheSameTextWhenParsingCanonicalTypes(String text) {
        assertEquals(text, ClickHouseTypeParser.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Decimal32(2)|Decimal(9, 2)",
        "Decimal64(4)|Decimal(18, 4)",
        "Decimal128(10)|Decimal(38, 10)",
        "Decimal(10)|Decimal(10, 0)",
        "  Nullable( Int32 )  |Nullable(Int32)",
        "Map(String,Int64)|Map(String, Int64)",
        "Boolean|Bool"
    })
    void shouldNormalizeWhenTypeHasAliasesOrSpacing(String text, String canonical) {
        assertEquals(canonical, ClickHouseTypeParser.parse(text).toString());
    }

    @Test
    void shouldExposeStructureWhenParsingNestedNamedTuple() {
        ClickHouseType type = ClickHouseTypeParser.parse("Array(Tuple(id UInt32, tags Array(LowCardinality(String))))");

        ClickHouseType.Tuple tuple = assertInstanceOf(ClickHouseType.Tuple.class,
                assertInstanceOf(ClickHouseType.Array.class, type).element());
        assertEquals(List.of("id", "tags"), tuple.names());
        assertEquals(new ClickHouseType.Simple(ClickHouseType.Kind.UInt32), tuple.elements().get(0));
    }

    @Test
    void shouldKeepUnknownTypesVerbatimWhenParsing() {
        assertEquals(new ClickHouseType.Unsupported("Variant(String, UInt64)"),
                ClickHouseTypeParser.parse("Variant(String, UInt64)"));
        assertEquals(new ClickHouseType.Unsupported("JSON"), ClickHouseTypeParser.parse("JSON"));
        assertEquals("Array(SimpleAggregateFunction(sum, UInt64))",
                ClickHouseTypeParser.parse("Array(SimpleAggregateFunction(sum, UInt64))").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Nullable(Int32", "Array()", "Int32)", "Decimal(100, 2)", "Enum8('a' 1)", "",
        "DateTime64(12)", "Map(String)"})
    void shouldThrowWhenTypeIsMalformed(String text) {
        assertThrows(IllegalArgumentException.class, () -> ClickHouseTypeParser.parse(text));
    }
}
