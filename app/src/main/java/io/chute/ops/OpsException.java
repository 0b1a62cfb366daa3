package io.chute.ops;

/**
 * An operator command refused to act or failed; the message says why and what to do. The CLI prints it without a
 * stack trace and exits 1.
 */
public class OpsException extends RuntimeException {
    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
