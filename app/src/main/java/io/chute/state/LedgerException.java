package io.chute.state;

/** The ledger could not be read or written (not fencing): the task must stop and recover from the ledger. */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
