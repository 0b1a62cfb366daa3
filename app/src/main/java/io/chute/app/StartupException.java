package io.chute.app;

/**
 * chute cannot start and waiting would not help (credentials refused, database missing, metrics.port in use):
 * the message is the whole story, one line, and the process exits 1.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
