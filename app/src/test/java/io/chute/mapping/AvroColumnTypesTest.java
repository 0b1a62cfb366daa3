package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.chute.sink.ColumnAdder;

/** The Avro field -> ClickHouse column mapping that {@code schema.evolution=add-columns} uses. */
class AvroColumnTypesTest {

    private static Schema.Field field(String json) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + json + "]}")
                .getField("f");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            "string"                                                          | String
            ["null","string"]                                                 | Nullable(String)
            ["string","null"]                                                 | Nullable(String)
            "long"                                                            | Int64
            ["null","int"]                                                    | Nullable(Int32)
            "double"                                                          | Float64
            "float"                                                           | Float32
            "boolean"                                                         | Bool
            "bytes"                                                           | String
            {"type":"long","logicalType":"timestamp-millis"}                  | DateTime64(3, 'UTC')
            ["null",{"type":"long","logicalType":"timestamp-micros"}]         | Nullable(DateTime64(6, 'UTC'))
            {"type":"int","logicalType":"date"}                               | Date32
            {"type":"string","logicalType":"uuid"}                            | UUID
            {"type":"bytes","logicalType":"decimal","precision":9,"scale":2}  | Decimal(9, 2)
            {"type":"fixed","name":"Cc","size":2}                             | FixedString(2)
            {"type":"enum","name":"K","symbols":["a","b"]}                    | Enum8('a' = 1, 'b' = 2)
            ["null",{"type":"array","items":"long"}]                          | Array(Int64)
            {"type":"map","values":["null","string"]}                         | Map(String, Nullable(String))
            {"type":"record","name":"G","fields":[{"name":"x","type":"int"}]} | Tuple(x Int32)
            """)
    void shouldMapTheAvroTypeWhenTheFieldBecomesAColumn(String avroType, String clickHouseType) {
        assertEquals(clickHouseType, AvroColumnTypes.of(field("{\"name\":\"f\",\"type\":" + avroType + "}").schema(),
                "f"));
    }

    @ParameterizedTest(name = "{0} default {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "NONE", textBlock = """
            ["null","string"]                              | null       | NONE
            ["string","null"]                              | "direct"   | 'direct'
            "string"                                       | "it's"     | 'it\\'s'
            "int"                                          | -7         | -7
            "long"                                         | 42         | 42
            "double"                                       | 1.5        | 1.5
            "boolean"                                      | true       | true
            {"type":"enum","name":"K","symbols":["a","b"]} | "b"        | 'b'
            {"type":"array","items":"long"}                | []         | []
            {"type":"map","values":"long"}                 | {}         | map()
            {"type":"array","items":"long"}                | [1]        | NONE
            "bytes"                                        | "\\u00ff"  | NONE
            {"type":"long","logicalType":"timestamp-millis"} | 0        | NONE
            """)
    void shouldCarrySimpleAvroDefaultsWhenTheFieldHasOne(String avroType, String avroDefault, String expected) {
        Schema.Field f = field("{\"name\":\"f\",\"type\":" + avroType + ",\"default\":" + avroDefault + "}");
        assertEquals(expected, AvroColumnTypes.defaultExpression(f));
    }

    @Test
    void shouldHaveNoDefaultWhenTheFieldHasNone() {
        assertNull(AvroColumnTypes.defaultExpression(field("{\"name\":\"f\",\"type\":\"string\"}")));
    }

    @Test
    void shouldRejectWhenAUnionHasSeveralNonNullTypes() {
        Schema.Field f = field("{\"name\":\"f\",\"type\":[\"null\",\"string\",\"long\"]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvroColumnTypes.columnDefinition(f));
        assertTrue(e.getMessage().contains("'f'"), e.getMessage());
    }

    @Test
    void shouldBuildTheAlterStatementWhenAddingAnOptionalFieldOnACluster() {
        Schema.Field f = field("{\"name\":\"f\",\"type\":[\"null\",\"string\"],\"default\":null}");
        assertEquals("ALTER TABLE `analytics`.`events` ON CLUSTER `main` ADD COLUMN IF NOT EXISTS f Nullable(String)",
                ColumnAdder.alterStatement("analytics", "main", "events", f));
        Schema.Field g = field("{\"name\":\"f\",\"type\":\"int\",\"default\":3}");
        assertEquals("ALTER TABLE `events` ADD COLUMN IF NOT EXISTS f Int32 DEFAULT 3",
                ColumnAdder.alterStatement(null, "", "events", g));
    }
}
