package io.chute.validation;

import java.util.Objects;

import io.chute.dlq.Reason;

/**
 * A rejected record: the reason, a human message (naming the field or column when there is one), the class of the
 * exception behind it if any, and the writer schema id when it was known.
 */
public record Rejection(Reason reason, String message, String exceptionClass, Integer schemaId)
        implements ValidationResult {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** A rejection without an exception behind it. */
    public static Rejection of(Reason reason, String message, Integer schemaId) {
        return new Rejection(reason, message, null, schemaId);
    }

    /** A rejection caused by {@code cause}; the message is the cause's message when none is given. */
    public static Rejection of(Reason reason, String message, Throwable cause, Integer schemaId) {
        String text = message != null ? message : String.valueOf(cause.getMessage());
        return new Rejection(reason, text, cause.getClass().getName(), schemaId);
    }

    @Override
    public boolean isValid() {
        return false;
    }
}
