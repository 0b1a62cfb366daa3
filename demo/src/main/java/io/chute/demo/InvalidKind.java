package io.chute.demo;

import io.chute.dlq.Reason;

/**
 * The kinds of bad records {@link EventGenerator#invalid} makes, each with the {@code chute.dlq.reason} chute must
 * dead-letter it with.
 */
public enum InvalidKind {
    /** Arbitrary bytes whose first byte is not the magic byte 0. */
    RANDOM_BYTES(Reason.NOT_WIRE_FORMAT),
    /** A valid event framed with magic byte 1. */
    WRONG_MAGIC(Reason.NOT_WIRE_FORMAT),
    /** A valid event framed with a schema id the registry does not know. */
    UNKNOWN_SCHEMA_ID(Reason.UNKNOWN_SCHEMA_ID),
    /** A valid event cut short inside its Avro payload. */
    TRUNCATED_AVRO(Reason.DECODE_FAILED),
    /** A valid Avro event whose 3-letter country does not fit the table's {@code FixedString(2)}. */
    COUNTRY_TOO_LONG(Reason.MAPPING_FAILED);

    private final String expectedReason;

    InvalidKind(Reason expectedReason) {
        this.expectedReason = expectedReason.code();
    }

    /** The {@code chute.dlq.reason} header value chute gives this kind. */
    public String expectedReason() {
        return expectedReason;
    }
}
