package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityExplainerTest {
    private static final Schema V1 = parse("""
            {"type":"record","name":"E","fields":[
              {"name":"id","type":"string"},
              {"name":"user_id","type":"long"},
              {"name":"tags","type":{"type":"array","items":{"type":"record","name":"Tag","fields":[
                 {"name":"k","type":"string"}]}}}]}""");

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Test
    void shouldNameFieldAndTypesWhenATypeChanges() {
        Schema v2 = parse(V1.toString().replace("{\"name\":\"user_id\",\"type\":\"long\"}",
                "{\"name\":\"user_id\",\"type\":\"int\"}"));
        List<String> lines = CompatibilityExplainer.explain("BACKWARD", v2, V1, "v1");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith(
                "~ field 'user_id': type changed from long in v1 to int in the new schema, which cannot read it"),
                lines.get(0));
    }

    @Test
    void shouldReportAddedFieldWhenItHasNoDefault() {
        Schema v2 = parse(V1.toString().replace("]}}}]}",
                "]}}},{\"name\":\"channel\",\"type\":\"string\"}]}"));
        List<String> lines = CompatibilityExplainer.explain("BACKWARD", v2, V1, "v1");
        assertEquals(List.of("+ field 'channel' (string) added without a default: records written with v1 have no "
                + "value for it [READER_FIELD_MISSING_DEFAULT_VALUE at /fields/3]"), lines);
    }

    @Test
    void shouldReportNestedPathWhenAnArrayItemFieldChanges() {
        Schema v2 = parse(V1.toString().replace("{\"name\":\"k\",\"type\":\"string\"}",
                "{\"name\":\"k\",\"type\":\"int\"}"));
        List<String> lines = CompatibilityExplainer.explain("FULL", v2, V1, "v1");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("~ field 'tags[].k': type changed from string in v1 to "
                + "int")), lines.toString());
    }

    @Test
    void shouldReportRemovedFieldWhenForwardAndItHadNoDefault() {
        Schema v2 = parse(V1.toString().replace("{\"name\":\"user_id\",\"type\":\"long\"},", ""));
        assertEquals(List.of(), CompatibilityExplainer.explain("BACKWARD", v2, V1, "v1"));
        List<String> lines = CompatibilityExplainer.explain("FORWARD", v2, V1, "v1");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("- field 'user_id' (long) removed, but v1 has no default"), lines.get(0));
    }

    @Test
    void shouldReportNothingWhenLevelIsNone() {
        Schema v2 = parse(V1.toString().replace("\"long\"", "\"string\""));
        assertEquals(List.of(), CompatibilityExplainer.explain("NONE", v2, V1, "v1"));
    }
}
