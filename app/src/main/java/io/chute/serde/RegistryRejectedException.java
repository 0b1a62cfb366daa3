package io.chute.serde;

/**
 * The registry refused a request with a 4xx other than "not found" (e.g. 409 incompatible schema, 422 invalid schema,
 * 401 unauthorized). Not retried: repeating the same request gives the same answer.
 */
public final class RegistryRejectedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int errorCode;

    public RegistryRejectedException(String message, int status, int errorCode) {
        super(message, null);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }
}
