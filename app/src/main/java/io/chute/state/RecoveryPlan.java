package io.chute.state;

/**
 * What a task must do for one key at start, from the key's newest ledger entry. Either way the stream skips the
 * key's rows at or below {@code lastOffset} from then on (LANDED: they are in the table; INTENT: recovery
 * re-inserts them, {@code topology.Recovery}).
 * <ul>
 *   <li>LANDED: rows at or below {@code lastOffset} are in the table.</li>
 *   <li>INTENT: the previous block of the key had landed (blocks of a key are strictly ordered), so rows below
 *   {@code firstOffset} are in the table. The block {@code [firstOffset, lastOffset]} may or may not be: re-form
 *   it and re-insert it under the ledger's token before any other block of the key.</li>
 * </ul>
 */
public record RecoveryPlan(LedgerKey key, LedgerEntry entry) {

    /** True when the INTENT block must be re-formed and re-inserted first. */
    public boolean mustReinsert() {
        return entry.state() == LedgerState.INTENT;
    }

    /** True when {@code offset} belongs to the block that must be re-formed. */
    public boolean inReinsertRange(long offset) {
        return mustReinsert() && offset >= entry.firstOffset() && offset <= entry.lastOffset();
    }
}
