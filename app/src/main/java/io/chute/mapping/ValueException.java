package io.chute.mapping;

/** A per-value mapping failure inside a column; the column encoder adds the column name. No stack trace. */
final class ValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ValueException(String message) {
        super(message, null, false, false);
    }
}
