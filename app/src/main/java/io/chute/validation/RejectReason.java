package io.chute.validation;

/**
 * Why a record is rejected (dead-lettered). Each reason has a stable {@link #code()} that goes into dead-letter
 * headers and metrics: never rename a code.
 */
public enum RejectReason {
    /** Null value, fewer than 5 bytes, or a magic byte other than 0. */
    NOT_WIRE_FORMAT("not_wire_format", "value is null, shorter than 5 bytes or does not start with magic byte 0"),
    /** The registry says the schema id does not exist, or it is not a usable Avro schema. */
    UNKNOWN_SCHEMA_ID("unknown_schema_id", "schema id is unknown to the registry or not a usable Avro schema"),
    /** The writer schema's subject (per the subject name strategy) is not registered for the id or not allowed. */
    SUBJECT_NOT_ALLOWED("subject_not_allowed",
            "schema id is not registered under the subject the naming strategy expects, or the subject is not allowed"),
    /** The Avro bytes are malformed: truncated, corrupt, or followed by trailing bytes. */
    DECODE_FAILED("decode_failed", "Avro payload is truncated, corrupt or has trailing bytes"),
    /** The writer schema cannot be resolved to the target's reader schema (or is not a record). */
    INCOMPATIBLE_SCHEMA("incompatible_schema", "writer schema cannot be read with the target's reader schema"),
    /** A configured field rule failed; the message names the field. */
    RULE_VIOLATION("rule_violation", "a field rule failed (required, timestamp window, string length)"),
    /** The value is larger than the configured maximum. */
    TOO_LARGE("too_large", "value is larger than the configured maximum size"),
    /** The record could not be encoded into a ClickHouse column; the message names the column. */
    MAPPING_FAILED("mapping_failed", "a value cannot be encoded into its ClickHouse column"),
    /**
     * The writer schema has a top-level field the target table lacks, and {@code schema.evolution} is
     * {@code dead-letter} (or adding the column failed); the message names the field and the table.
     */
    SCHEMA_MISMATCH("schema_mismatch", "the writer schema has a field the target table has no column for");

    private final String code;
    private final String doc;

    RejectReason(String code, String doc) {
        this.code = code;
        this.doc = doc;
    }

    /** Stable, lower-case identifier for headers and metrics. */
    public String code() {
        return code;
    }

    /** One-line human description. */
    public String doc() {
        return doc;
    }
}
