package io.chute.demo;

/**
 * The kinds of bad records {@link EventGenerator#invalid} makes, each with the {@code chute.dlq.reason} chute must
 * dead-letter it with.
 */
public enum InvalidKind {
    /** Arbitrary bytes whose first byte is not the magic byte 0. */
    RANDOM_BYTES("not_wire_format"),
    /** A valid event framed with magic byte 1. */
    WRONG_MAGIC("not_wire_format"),
    /** A valid event framed with a schema id the registry does not know. */
    UNKNOWN_SCHEMA_ID("unknown_schema_id"),
    /** A valid event cut short inside its Avro payload. */
    TRUNCATED_AVRO("decode_failed"),
    /** A valid Avro event whose 3-letter country does not fit the table's {@code FixedString(2)}. */
    COUNTRY_TOO_LONG("mapping_failed");

    private final String expectedReason;

    InvalidKind(String expectedReason) {
        this.expectedReason = expectedReason;
    }

    /** The {@code chute.dlq.reason} header value chute gives this kind. */
    public String expectedReason() {
        return expectedReason;
    }
}
