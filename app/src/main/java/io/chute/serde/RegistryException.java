package io.chute.serde;

/**
 * Base of the checked schema-registry failures. Subclasses carry the failure semantics the caller must act on:
 * {@link SchemaNotFoundException} is a data error (the record is bad), {@link RegistryUnavailableException} is an
 * outage (wait and retry, never dead-letter), {@link RegistryRejectedException} is a refused request.
 */
public abstract class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    protected RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
