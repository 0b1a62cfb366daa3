package io.chute.validation;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Dotted-path access into generic records for {@link FieldRule}s. */
final class Paths {
    private Paths() {
    }

    /** The value at {@code path}, or null when a field is missing or an intermediate value is not a record. */
    static Object value(GenericRecord record, String path) {
        Object current = record;
        int start = 0;
        while (true) {
            if (!(current instanceof GenericRecord r)) {
                return null;
            }
            int dot = path.indexOf('.', start);
            String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
            if (!r.hasField(name)) {
                return null;
            }
            current = r.get(name);
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
    }

    /** The (non-null branch of the) schema of the field at {@code path}, or null when it cannot be found. */
    static Schema schema(GenericRecord record, String path) {
        Schema schema = record.getSchema();
        for (String name : path.split("\\.")) {
            schema = nonNull(schema);
            if (schema.getType() != Schema.Type.RECORD || schema.getField(name) == null) {
                return null;
            }
            schema = schema.getField(name).schema();
        }
        return nonNull(schema);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        return schema;
    }
}
