package io.chute.state;

/**
 * A newer owner of the same stream task opened the ledger: this instance is a zombie and must stop writing,
 * both to the ledger and to ClickHouse. Also thrown when the ledger's producer failed fatally on an invalid
 * transaction state: the task then stops the same way and is opened again with a new producer.
 */
public class LedgerFencedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
