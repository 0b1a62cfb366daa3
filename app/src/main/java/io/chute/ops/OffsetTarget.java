package io.chute.ops;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Where {@code chute replay} rewinds to: the log start, the first offset at or after a time, or one explicit
 * partition offset.
 *
 * @param kind      which of the three
 * @param timestamp epoch millis, for {@link Kind#DATETIME}
 * @param partition the one partition of {@link Kind#OFFSET}
 * @param offset    the offset of {@link Kind#OFFSET}
 */
public record OffsetTarget(Kind kind, long timestamp, int partition, long offset) {

    /** The three ways to name a target. */
    public enum Kind { EARLIEST, DATETIME, OFFSET }

    public static OffsetTarget earliest() {
        return new OffsetTarget(Kind.EARLIEST, -1, -1, -1);
    }

    /** ISO-8601 with a zone or offset, e.g. {@code 2025-06-01T00:00:00Z}. @throws IllegalArgumentException */
    public static OffsetTarget datetime(String text) {
        try {
            return new OffsetTarget(Kind.DATETIME, Instant.parse(text).toEpochMilli(), -1, -1);
        } catch (DateTimeParseException e) {
            try {
                return new OffsetTarget(Kind.DATETIME, OffsetDateTime.parse(text).toInstant().toEpochMilli(), -1, -1);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not an ISO-8601 date-time with zone (e.g. 2025-06-01T00:00:00Z): "
                        + text);
            }
        }
    }

    /** {@code PARTITION:OFFSET}, e.g. {@code 3:120000}. @throws IllegalArgumentException */
    public static OffsetTarget offset(String text) {
        int colon = text.indexOf(':');
        try {
            int partition = Integer.parseInt(text.substring(0, colon));
            long offset = Long.parseLong(text.substring(colon + 1));
            if (partition < 0 || offset < 0) {
                throw new NumberFormatException();
            }
            return new OffsetTarget(Kind.OFFSET, -1, partition, offset);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected PARTITION:OFFSET (e.g. 3:120000), got " + text);
        }
    }

    /** Whether the target moves this partition (an explicit offset moves only its own partition). */
    boolean covers(int p) {
        return kind != Kind.OFFSET || p == partition;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EARLIEST -> "earliest";
            case DATETIME -> Instant.ofEpochMilli(timestamp).toString();
            case OFFSET -> partition + ":" + offset;
        };
    }
}
