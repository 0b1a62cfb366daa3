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
}
