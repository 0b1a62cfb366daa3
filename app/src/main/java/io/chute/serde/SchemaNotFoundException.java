package io.chute.serde;

/**
 * The registry answered that the schema (id, subject or version) does not exist (error codes 40401, 40402, 40403),
 * or the registered schema is not a usable Avro schema. A DATA error: never retried; a record that references such an
 * id is rejected, not retried.
 */
public final class SchemaNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public SchemaNotFoundException(String message, int errorCode) {
        this(message, errorCode, null);
    }

    public SchemaNotFoundException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The registry error code (40401 subject, 40402 version, 40403 schema), or 0 when the schema was unusable. */
    public int errorCode() {
        return errorCode;
    }
}
