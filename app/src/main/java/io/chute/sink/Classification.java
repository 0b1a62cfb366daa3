package io.chute.sink;

/**
 * The verdict on one failure.
 *
 * @param code ClickHouse error code, {@link #NO_CODE} when the failure carried none (I/O, timeout, ...)
 */
public record Classification(ErrorClass errorClass, int code, String message) {
    public static final int NO_CODE = -1;
}
