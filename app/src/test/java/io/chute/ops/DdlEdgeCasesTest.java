package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** {@code chute tables create} on recursive types and several bad fields (issue 12, defects 1 and 5). */
class DdlEdgeCasesTest {

    @Test
    void shouldNameTheFieldAndTheRecursiveTypeWhenTheSchemaIsRecursive() {
        Schema tree = new Schema.Parser().parse("""
                {"type":"record","name":"Tree","namespace":"t","fields":[{"name":"id","type":"long"},
                  {"name":"root","type":{"type":"record","name":"Node","fields":[{"name":"label","type":"string"},
                    {"name":"children","type":{"type":"array","items":"Node"}}]}}]}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ddl("t", List.of("id"), null, false, 10).create(tree));
        assertTrue(e.getMessage().contains("field 'root': recursive record t.Node has no ClickHouse column type"),
                e.getMessage());
    }

    @Test
    void shouldReportEveryBadFieldAtOnceWhenSeveralCannotMap() {
        Schema s = new Schema.Parser().parse("""
                {"type":"record","name":"U","fields":[{"name":"id","type":"long"},
                  {"name":"v","type":["null","long","string"]},{"name":"nothing","type":"null"},
                  {"name":"deep","type":{"type":"array","items":["int","string"]}}]}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ddl("t", List.of("id"), null, false, 10).create(s));
        for (String field : List.of("'v'", "'nothing'", "'deep[]'")) {
            assertTrue(e.getMessage().contains(field), field + " in " + e.getMessage());
        }
    }
}
