package io.chute.serde;

import java.util.List;

import org.apache.avro.Schema;

/**
 * A schema registered under a subject: its id, version, the raw text, its references and the parsed Avro schema (with
 * references resolved).
 */
public record RegisteredSchema(String subject, int version, int id, String text, List<SchemaReference> references,
                               Schema schema) {
    public RegisteredSchema {
        references = List.copyOf(references);
    }
}
