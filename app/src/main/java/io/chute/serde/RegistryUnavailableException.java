package io.chute.serde;

/**
 * The registry could not be reached or kept failing (IO errors, timeouts, 5xx) after the configured retries, or it
 * refused to serve a read (e.g. 401/403). An OUTAGE: the caller must pause and retry later; a record must never be
 * dead-lettered because of this exception.
 */
public final class RegistryUnavailableException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
