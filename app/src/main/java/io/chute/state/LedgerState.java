package io.chute.state;

/** Where a block is in the insert protocol. */
public enum LedgerState {
    /** About to be inserted (maybe partly or fully inserted already): re-insert with the same token. */
    INTENT,
    /** Inserted (bad rows dead-lettered in the same ledger transaction). */
    LANDED,
    /**
     * The key's rows are a member of a group (one INSERT of several lanes' blocks, topology-docs/GROUPED-INSERTS.md)
     * whose offsets were committed with this entry; the group may not have landed. A reader that does not know this
     * value fails to decode the entry and refuses to start, instead of taking it for an older entry.
     */
    GROUPED
}
