package io.chute.dlq;

import java.util.Optional;

/**
 * Why a record was dead-lettered: the one list of reasons for every stage of a record's way (validation, routing,
 * mapping, insert). {@link #code()} is the wire form: the value of the {@link DeadLetterHeaders#REASON} header and of
 * the {@code reason} tag of {@code chute.records.dead.lettered}. Never rename a code: dead letters already written
 * carry it, and {@code chute dlq redrive --reason} selects by it.
 */
public enum Reason {
    /** Null value, fewer than 5 bytes, or a magic byte other than 0. */
    NOT_WIRE_FORMAT(Stage.VALIDATION, "not_wire_format",
            "value is null, shorter than 5 bytes or does not start with magic byte 0"),
    /** The registry says the schema id does not exist, or it is not a usable Avro schema. */
    UNKNOWN_SCHEMA_ID(Stage.VALIDATION, "unknown_schema_id",
            "schema id is unknown to the registry or not a usable Avro schema"),
    /** The writer schema's subject (per the subject name strategy) is not registered for the id or not allowed. */
    SUBJECT_NOT_ALLOWED(Stage.VALIDATION, "subject_not_allowed",
            "schema id is not registered under the subject the naming strategy expects, or the subject is not allowed"),
    /** The Avro bytes are malformed: truncated, corrupt, or followed by trailing bytes. */
    DECODE_FAILED(Stage.VALIDATION, "decode_failed", "Avro payload is truncated, corrupt or has trailing bytes"),
    /** The writer schema cannot be resolved to the target's reader schema (or is not a record). */
    INCOMPATIBLE_SCHEMA(Stage.VALIDATION, "incompatible_schema",
            "writer schema cannot be read with the target's reader schema"),
    /** A configured field rule failed; the message names the field. */
    RULE_VIOLATION(Stage.VALIDATION, "rule_violation", "a field rule failed (required, timestamp window, string length)"),
    /** The value is larger than the configured maximum. */
    TOO_LARGE(Stage.VALIDATION, "too_large", "value is larger than the configured maximum size"),
    /** No route matches the valid record and no default table is configured. */
    NO_ROUTE(Stage.ROUTING, "no_route", "no route matches the record and no default table is configured"),
    /** The record could not be encoded into a ClickHouse column; the message names the column. */
    MAPPING_FAILED(Stage.MAPPING, "mapping_failed", "a value cannot be encoded into its ClickHouse column"),
    /**
     * The writer schema has a top-level field the target table lacks, and {@code schema.evolution} is
     * {@code dead-letter} (or adding the column failed); the message names the field and the table.
     */
    SCHEMA_MISMATCH(Stage.MAPPING, "schema_mismatch", "the writer schema has a field the target table has no column for"),
    /**
     * ClickHouse refused the row itself (a data error left after bisecting the block); not counted as a rejected
     * input record, since the record was valid when read.
     */
    INSERT_REJECTED(Stage.INSERT, "insert_rejected", "ClickHouse refused the row (data error isolated by bisection)");

    /** Where on a record's way the reason arises (Kafka Connect's {@code Stage} idea). */
    public enum Stage {
        VALIDATION, ROUTING, MAPPING, INSERT
    }

    private final Stage stage;
    private final String code;
    private final String doc;

    Reason(Stage stage, String code, String doc) {
        this.stage = stage;
        this.code = code;
        this.doc = doc;
    }

    public Stage stage() {
        return stage;
    }

    /** Stable, lower-case wire form, e.g. {@code unknown_schema_id}. */
    public String code() {
        return code;
    }

    /** One-line human description. */
    public String doc() {
        return doc;
    }

    /** The wire code, so that logs show what the header shows. */
    @Override
    public String toString() {
        return code;
    }

    /** The reason with this wire code, or empty (a header written by something else). */
    public static Optional<Reason> fromCode(String code) {
        for (Reason reason : values()) {
            if (reason.code.equals(code)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
