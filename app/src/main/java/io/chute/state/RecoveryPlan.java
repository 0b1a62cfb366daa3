package io.chute.state;

/**
 * What a task must do for one key at start, from the key's newest ledger entry and its partition's committed
 * offset. Either way the stream skips the key's rows at or below {@code lastOffset} from then on (LANDED or landed
 * by commit: they are in the table; INTENT: recovery re-inserts them, {@code topology.Recovery}).
 * <ul>
 *   <li>LANDED: rows at or below {@code lastOffset} are in the table.</li>
 *   <li>INTENT below the committed offset ({@link #landedByCommit}): a commit lands every block at or below the
 *   offset it commits (the commit barrier, invariant 1 of topology-docs/DESIGN.md), so the block is in the table;
 *   its LANDED was not written because nothing needed it (issue 10: one ledger transaction per block).</li>
 *   <li>INTENT otherwise: the previous block of the key had landed (blocks of a key are strictly ordered), so rows
 *   below {@code firstOffset} are in the table. The block {@code [firstOffset, lastOffset]} may or may not be:
 *   re-form it and re-insert it under the ledger's token before any other block of the key.</li>
 * </ul>
 *
 * @param committedOffset the group's committed offset of the key's source partition as Kafka Streams fetched it
 *                        for this task (stable: no pending transactional offset), or -1 when unknown
 */
public record RecoveryPlan(LedgerKey key, LedgerEntry entry, long committedOffset) {

    /** A plan that knows no committed offset: every INTENT is re-inserted. */
    public RecoveryPlan(LedgerKey key, LedgerEntry entry) {
        this(key, entry, -1);
    }

    /** True for an INTENT whose whole block lies below the committed offset: it landed, nothing to re-insert. */
    public boolean landedByCommit() {
        return entry.state() == LedgerState.INTENT && entry.lastOffset() < committedOffset;
    }

    /** True when the INTENT block must be re-formed and re-inserted first. */
    public boolean mustReinsert() {
        return entry.state() == LedgerState.INTENT && !landedByCommit();
    }

    /** True when {@code offset} belongs to the block that must be re-formed. */
    public boolean inReinsertRange(long offset) {
        return mustReinsert() && offset >= entry.firstOffset() && offset <= entry.lastOffset();
    }
}
