package io.chute.validation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A check on one field of a decoded record. Field paths are dotted ({@code "order.customer.id"}) through nested
 * records; a null or missing intermediate record makes the field null.
 */
public sealed interface FieldRule permits FieldRule.Required, FieldRule.TimestampWindow, FieldRule.StringLength {

    /** The dotted path of the checked field. */
    String field();

    /** Returns {@code null} when the record passes, else a message naming the field. */
    String check(GenericRecord record, Clock clock);

    /** The field must be present and non-null. */
    record Required(String field) implements FieldRule {
        public Required {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String check(GenericRecord record, Clock clock) {
            return Paths.value(record, field) == null ? "field '" + field + "' is required but null or missing" : null;
        }
    }

    /**
     * A timestamp field must lie within {@code [now - maxPast, now + maxFuture]}. The unit comes from the field's
     * logical type ({@code timestamp-millis/micros/nanos}, {@code local-timestamp-*}); a plain long is millis. A null
     * field passes (combine with {@link Required}).
     */
    record TimestampWindow(String field, Duration maxPast, Duration maxFuture) implements FieldRule {
        public TimestampWindow {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(maxPast, "maxPast");
            Objects.requireNonNull(maxFuture, "maxFuture");
        }

        @Override
        public String check(GenericRecord record, Clock clock) {
            Object value = Paths.value(record, field);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Long) && !(value instanceof Integer)) {
                return "field '" + field + "' is not a long timestamp";
            }
            long micros = toMicros(((Number) value).longValue(), Paths.schema(record, field));
            long now = clock.millis() * 1000;
            long earliest = now - maxPast.toNanos() / 1000;
            long latest = now + maxFuture.toNanos() / 1000;
            if (micros < earliest || micros > latest) {
                return "field '" + field + "' = " + value + " is outside [now - " + maxPast + ", now + " + maxFuture
                        + "]";
            }
            return null;
        }

        private static long toMicros(long value, Schema schema) {
            LogicalType logical = schema == null ? null : schema.getLogicalType();
            String name = logical == null ? "timestamp-millis" : logical.getName();
            if (name.endsWith("micros")) {
                return value;
            }
            if (name.endsWith("nanos")) {
                return Math.floorDiv(value, 1000);
            }
            return saturatingTimes1000(value);
        }

        private static long saturatingTimes1000(long millis) {
            long r = millis * 1000;
            return (r / 1000 == millis) ? r : (millis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
    }

    /**
     * A string field's length in Unicode code points must be within {@code [min, max]}. A null field passes.
     */
    record StringLength(String field, int min, int max) implements FieldRule {
        public StringLength {
            Objects.requireNonNull(field, "field");
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("need 0 <= min <= max");
            }
        }

        @Override
        public String check(GenericRecord record, Clock clock) {
            Object value = Paths.value(record, field);
            if (value == null) {
                return null;
            }
            String s = value.toString();
            int length = s.codePointCount(0, s.length());
            if (length < min || length > max) {
                return "field '" + field + "' has length " + length + ", allowed [" + min + ", " + max + "]";
            }
            return null;
        }
    }
}
