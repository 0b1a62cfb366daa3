package io.chute.validation;

import org.apache.avro.Schema;

/**
 * Which subject a value's schema must be registered under, as Confluent serializers name them.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-value} (the Confluent default). */
    TOPIC_NAME,
    /** {@code <record full name>}. */
    RECORD_NAME,
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD_NAME;

    /**
     * The expected subject, or {@code null} when the strategy needs a record and the writer schema is not one.
     */
    public String subjectFor(String topic, Schema writer) {
        switch (this) {
            case TOPIC_NAME:
                return topic + "-value";
            case RECORD_NAME:
                return writer.getType() == Schema.Type.RECORD ? writer.getFullName() : null;
            default:
                return writer.getType() == Schema.Type.RECORD ? topic + "-" + writer.getFullName() : null;
        }
    }
}
