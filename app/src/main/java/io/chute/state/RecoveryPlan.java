package io.chute.state;

import io.chute.block.Block;

/**
 * What a task must do for one key at start, from the key's newest ledger entry.
 * <ul>
 *   <li>LANDED: rows at or below {@code lastOffset} are in the table; skip them.</li>
 *   <li>INTENT: the previous block of the key had landed (blocks of a key are strictly ordered), so rows below
 *   {@code firstOffset} are in the table. The block {@code [firstOffset, lastOffset]} may or may not be: re-form
 *   exactly it and re-insert it with the same token before any other block of the key.</li>
 * </ul>
 */
public record RecoveryPlan(LedgerKey key, LedgerEntry entry) {

    /** Offsets at or below this one have landed in the table (rows of this table there must be skipped). */
    public long landedThrough() {
        return entry.state() == LedgerState.LANDED ? entry.lastOffset() : entry.firstOffset() - 1;
    }

    public boolean isLanded(long offset) {
        return offset <= landedThrough();
    }

    /** True when the INTENT block must be re-formed and re-inserted first. */
    public boolean mustReinsert() {
        return entry.state() == LedgerState.INTENT;
    }

    /** True when {@code offset} belongs to the block that must be re-formed. */
    public boolean inReinsertRange(long offset) {
        return mustReinsert() && offset >= entry.firstOffset() && offset <= entry.lastOffset();
    }

    /**
     * Checks that a re-formed block is the one that was interrupted (same token, same row count), so that its
     * re-insert deduplicates against whatever part of it had landed.
     *
     * @throws LedgerException if it differs (e.g. source records lost to retention): effectively-once cannot be
     *                         guaranteed for this key and an operator must decide
     */
    public void verifyReformed(Block block) {
        if (!block.token().equals(entry.token()) || block.rowCount() != entry.rows()) {
            throw new LedgerException("re-formed block " + block.token() + " (" + block.rowCount()
                    + " rows) differs from the ledger's " + entry.token() + " (" + entry.rows() + " rows)", null);
        }
    }
}
