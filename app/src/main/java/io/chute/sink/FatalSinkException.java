package io.chute.sink;

/** The sink cannot go on (configuration error, retries exhausted, ...): the application must stop. */
public class FatalSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FatalSinkException(String message) {
        super(message);
    }

    public FatalSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
