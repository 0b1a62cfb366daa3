package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import io.chute.serde.CompatibilityResult;
import io.chute.serde.RegisteredSchema;
import io.chute.serde.RegistryException;
import io.chute.serde.RegistryRejectedException;
import io.chute.serde.SchemaReference;
import io.chute.serde.SchemaRegistryClient;
import io.chute.serde.SubjectVersion;

/** {@code chute schemas check} when the registry cannot check a subject whose versions use references (defect 8). */
class SchemaToolTest {
    private static final String V1 = """
            {"type":"record","name":"Order","namespace":"o","fields":[{"name":"id","type":"long"},
              {"name":"customer","type":{"type":"record","name":"Customer","fields":[{"name":"name","type":"string"}]}}]}""";
    private static final String V2_OK = V1.replace("}]}}]}",
            "}]}},{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    private static final String V2_BAD = V1.replace("}]}}]}", "}]}},{\"name\":\"note\",\"type\":\"string\"}]}");

    /** A registry whose subject has one referencing version and which answers 422 (42201) to every check. */
    private static final class ReferencingRegistry implements SchemaRegistryClient {
        final String level;

        ReferencingRegistry(String level) {
            this.level = level;
        }

        @Override
        public Schema schemaById(int id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SubjectVersion> subjectVersionsOf(int id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Integer> versions(String subject) {
            return List.of(1);
        }

        @Override
        public RegisteredSchema version(String subject, int version) {
            return latest(subject);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return new RegisteredSchema(subject, 1, 11, "{\"type\":\"record\",\"name\":\"Order\"...}",
                    List.of(new SchemaReference("o.Customer", "customer-value", 1)), new Schema.Parser().parse(V1));
        }

        @Override
        public int register(String subject, String schema, List<SchemaReference> references) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompatibilityResult checkCompatibility(String subject, String schema, List<SchemaReference> refs)
                throws RegistryException {
            throw new RegistryRejectedException("HTTP 422 (error 42201): Invalid schema", 422, 42201);
        }

        @Override
        public String compatibilityLevel(String subject) {
            return level;
        }

        @Override
        public void setCompatibilityLevel(String subject, String level) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void shouldFallBackToChutesOwnCheckWhenTheRegistryCannotCheckReferences() {
        SchemaTool tool = new SchemaTool(new ReferencingRegistry("BACKWARD"));
        SchemaTool.Verdict ok = tool.check("orders-value", V2_OK);
        assertTrue(ok.compatible(), ok.text());
        assertTrue(ok.text().contains("chute's reader/writer check"), ok.text());

        SchemaTool.Verdict bad = tool.check("orders-value", V2_BAD);
        assertFalse(bad.compatible(), bad.text());
        assertTrue(bad.text().contains("+ field 'note' (string) added without a default"), bad.text());
    }

    @Test
    void shouldSayNothingWasCheckedAgainstExistingVersionsWhenTheLevelIsNone() {
        SchemaTool.Verdict v = new SchemaTool(new ReferencingRegistry("NONE")).check("orders-value", V2_BAD);
        assertTrue(v.compatible(), v.text());
        assertFalse(v.text().contains("no earlier version"), v.text());
        assertTrue(v.text().contains("1 version"), v.text());
    }
}
