package io.chute.block;

/**
 * Whether one task's source partition is catching up: more than {@link #BEHIND_RECORDS} records past the last one
 * the task took. A block of a catching-up partition need not wait for its table's grown linger once the partition has
 * caught up (at most {@link #CAUGHT_UP_RECORDS} left): the grown linger gathers a live trickle into fewer parts, but a
 * backlog's last rows are all there already and waiting would only delay them (64 lanes: 32 s after every backlog).
 * The two thresholds apart keep a live partition, a few records behind between polls, from flapping into catch-up.
 * A backlog is noted as each record is taken, not only when a punctuation looks: a partition can read all of its
 * backlog between two punctuations (the fetch gate lets few partitions fetch at once), and one never seen behind
 * kept its last blocks for the grown linger, the instance idle (9-23 s at the end of some 256-partition backlogs).
 * Stream-thread confined (the task's).
 */
public final class CatchUp {
    /** More than this many records still to read: a backlog, not the records of the last poll. */
    public static final long BEHIND_RECORDS = 1_000;
    /** At most this many left: caught up (under read_committed the end counts one transaction marker). */
    public static final long CAUGHT_UP_RECORDS = 1;

    private final SourceEnds.End end;
    private long lastRead = -1;
    private boolean catchingUp;

    public CatchUp(SourceEnds.End end) {
        this.end = end;
    }

    /**
     * The task took the record at {@code offset}; returns whether it caught up with it after a backlog, so that
     * {@link #justCaughtUp()} would say so now (the task need not wait for its next punctuation to look).
     */
    public boolean read(long offset) {
        lastRead = offset;
        if (!catchingUp) {
            catchingUp = end.offset() - offset - 1 > BEHIND_RECORDS;
            return false;
        }
        return end.reachedBy(offset);
    }

    /** Re-evaluates the partition; true exactly when it has caught up after a backlog since the last call. */
    public boolean justCaughtUp() {
        long endOffset = end.offset();
        if (endOffset == SourceEnds.UNKNOWN) {
            return false;
        }
        long behind = endOffset - lastRead - 1;
        if (!catchingUp) {
            catchingUp = behind > BEHIND_RECORDS;
            return false;
        }
        if (end.reachedBy(lastRead)) {
            catchingUp = false;
            return true;
        }
        return false;
    }

    /** Records after the last one the task took up to the partition's end; -1 before the end was seen. */
    public long behind() {
        long endOffset = end.offset();
        return endOffset == SourceEnds.UNKNOWN ? -1 : Math.max(0, endOffset - lastRead - 1);
    }

    public boolean catchingUp() {
        return catchingUp;
    }
}
