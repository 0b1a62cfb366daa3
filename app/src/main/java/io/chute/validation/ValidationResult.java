package io.chute.validation;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Outcome of {@link RecordValidator#validate}: either {@link Valid} or a {@link Rejection}.
 */
public sealed interface ValidationResult permits ValidationResult.Valid, Rejection {

    /** True for {@link Valid}. */
    boolean isValid();

    /**
     * A record that passed every check.
     *
     * @param record decoded with the target's reader schema (the writer schema when none is configured)
     * @param schemaId the writer schema id from the wire format
     * @param subject the subject the naming strategy expects (and, when verified, under which the id is registered)
     * @param writerSchema the writer schema
     */
    record Valid(GenericRecord record, int schemaId, String subject, Schema writerSchema) implements ValidationResult {
        @Override
        public boolean isValid() {
            return true;
        }
    }
}
