package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import io.chute.mapping.RowEncoderFactory.UnmappedFieldPolicy;

/** Schemas the first tests never fed the mapping: recursive, optional nested, several bad columns (issue 12). */
class SchemaEdgeCasesTest {
    static final Schema RECURSIVE = new Schema.Parser().parse("""
            {"type":"record","name":"Tree","namespace":"t","fields":[{"name":"id","type":"long"},
              {"name":"root","type":{"type":"record","name":"Node","fields":[{"name":"label","type":"string"},
                {"name":"children","type":{"type":"array","items":"Node"}}]}}]}""");
    static final Schema OPTIONAL_NESTED = new Schema.Parser().parse("""
            {"type":"record","name":"Opt","namespace":"t","fields":[{"name":"id","type":"long"},
              {"name":"tags","type":["null",{"type":"array","items":"string"}],"default":null},
              {"name":"address","type":["null",{"type":"record","name":"Address","fields":[
                {"name":"street","type":"string"},{"name":"zip","type":["null","int"]}]}],"default":null},
              {"name":"attrs","type":["null",{"type":"map","values":"int"}],"default":null},
              {"name":"nested","type":{"type":"array","items":["null",{"type":"array","items":"long"}]}}]}""");

    private static TableSchema tableFromDdl(Schema schema) {
        List<TableSchema.Column> columns = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            columns.add(TableSchema.Column.describe(f.name(), AvroColumnTypes.of(f.schema(), f.name()), ""));
        }
        return new TableSchema("t", columns);
    }

    @Test
    void shouldNameTheFieldAndTheRecursiveTypeWhenMappingARecursiveRecord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvroColumnTypes.of(RECURSIVE.getField("root").schema(), "root"));
        assertTrue(e.getMessage().startsWith("field 'root': recursive record t.Node has no ClickHouse column type"),
                e.getMessage());
    }

    @Test
    void shouldLandEveryNullWhenOptionalArrayMapAndRecordFieldsGoToTheColumnsTheDdlMade() throws Exception {
        RowEncoder encoder = RowEncoderFactory.compile(OPTIONAL_NESTED, tableFromDdl(OPTIONAL_NESTED),
                UnmappedFieldPolicy.FAIL);
        GenericRecord r = new GenericData.Record(OPTIONAL_NESTED);
        r.put("id", 7L);
        r.put("nested", Arrays.asList(null, List.of(1L)));
        RowBinaryBuffer out = new RowBinaryBuffer();
        encoder.encode(r, out);
        // id; tags, address and attrs take the column default (their empty value); nested: [[], [1]]
        assertArrayEquals(new byte[] {0, 7, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0},
                out.toByteArray());
    }

    @Test
    void shouldNameEveryBadColumnWhenSeveralCannotMap() {
        Schema s = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"boolean"},
                  {"name":"c","type":"double"}]}""");
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("a", "Int32", ""),
                TableSchema.Column.describe("b", "Date", ""), TableSchema.Column.describe("c", "Float64", ""),
                TableSchema.Column.describe("d", "String", "")));
        MappingConfigException e = assertThrows(MappingConfigException.class,
                () -> RowEncoderFactory.compile(s, table, UnmappedFieldPolicy.IGNORE));
        for (String column : List.of("'a'", "'b'", "'d'")) {
            assertTrue(e.getMessage().contains(column), column + " in " + e.getMessage());
        }
    }

    @Test
    void shouldListTheFieldsANamedTupleLeavesOutWhenTheColumnHoldsASubset() {
        Schema s = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"extra","type":"string"},
                  {"name":"address","type":{"type":"record","name":"A","fields":[{"name":"street","type":"string"},
                    {"name":"country","type":"string"}]}},
                  {"name":"items","type":{"type":"array","items":{"type":"record","name":"I","fields":[
                    {"name":"sku","type":"string"},{"name":"note","type":"string"}]}}}]}""");
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("id", "Int64", ""),
                TableSchema.Column.describe("address", "Tuple(street String)", ""),
                TableSchema.Column.describe("items", "Array(Tuple(sku String))", "")));
        RowEncoder encoder = RowEncoderFactory.compile(s, table, UnmappedFieldPolicy.IGNORE);
        org.junit.jupiter.api.Assertions.assertEquals(List.of("extra", "address.country", "items[].note"),
                encoder.droppedFields());
    }

    @Test
    void shouldNameEveryBadValueWhenSeveralColumnsOfARowFail() {
        Schema s = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"},
                  {"name":"c","type":"int"}]}""");
        TableSchema table = new TableSchema("t", List.of(TableSchema.Column.describe("a", "Int8", ""),
                TableSchema.Column.describe("b", "UUID", ""), TableSchema.Column.describe("c", "UInt8", "")));
        GenericRecord r = new GenericData.Record(s);
        r.put("a", 1000);
        r.put("b", "not-a-uuid");
        r.put("c", 7);
        RowBinaryBuffer out = new RowBinaryBuffer();
        MappingException e = assertThrows(MappingException.class,
                () -> RowEncoderFactory.compile(s, table, UnmappedFieldPolicy.IGNORE).encode(r, out));
        org.junit.jupiter.api.Assertions.assertEquals("a,b", e.column());
        assertTrue(e.getMessage().contains("column 'a'") && e.getMessage().contains("column 'b'"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(0, out.size());
    }
}
