package io.chute.state;

/** Where a block is in the insert protocol. */
public enum LedgerState {
    /** About to be inserted (maybe partly or fully inserted already): re-insert with the same token. */
    INTENT,
    /** Inserted (bad rows dead-lettered in the same ledger transaction). */
    LANDED
}
