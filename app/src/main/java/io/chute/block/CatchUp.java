package io.chute.block;

/**
 * Whether one task's source partition is catching up, so that its open blocks need not wait for their table's
 * grown linger: the grown linger gathers a live trickle into fewer parts, but a backlog's last rows are all there
 * already and waiting would only delay them (64 lanes: 32 s after every backlog). Two kinds of backlog:
 * <ul>
 * <li>more than {@link #BEHIND_RECORDS} records past the last one the task took: its blocks go once the task has
 *     caught up (at most {@link #CAUGHT_UP_RECORDS} left). The thresholds apart keep a live partition, a few records
 *     behind between polls, from flapping into catch-up. Noted as each record is taken, not only when a punctuation
 *     looks: a partition can read all of its backlog between two punctuations (the fetch gate lets few partitions
 *     fetch at once), and one never seen behind kept its last blocks for the grown linger, the instance idle (9-23 s
 *     at the end of some 256-partition backlogs);</li>
 * <li>the first records a task takes: it did not read them live, and a small topic replayed (781 records per
 *     partition at 256 partitions) waited 128 s for its last rows. Such a partition counts as caught up only once its
 *     end stayed where the task reached it for {@code quietMillis} ({@code block.linger.ms}): if records keep coming
 *     it is a live partition after a start or rebalance, and its lanes keep the grown linger (a part per lane at
 *     every start would burst hundreds of parts into a table).</li>
 * </ul>
 * Stream-thread confined (the task's).
 */
public final class CatchUp {
    /** More than this many records still to read: a backlog, not the records of the last poll. */
    public static final long BEHIND_RECORDS = 1_000;
    /** At most this many left: caught up (under read_committed the end counts one transaction marker). */
    public static final long CAUGHT_UP_RECORDS = 1;
    private static final long NONE = -1;

    private enum State { NEW, FIRST_RECORDS, LIVE, BACKLOG }

    private final SourceEnds.End end;
    private final long quietMillis;
    private State state = State.NEW;
    private long lastRead = NONE;
    /** While {@link State#FIRST_RECORDS}: the end the task reached, and when it was seen reached. */
    private long reachedEnd = NONE;
    private long reachedAt;

    public CatchUp(SourceEnds.End end, long quietMillis) {
        this.end = end;
        this.quietMillis = quietMillis;
    }

    /**
     * The task took the record at {@code offset}; returns whether it caught up with it after a backlog of more than
     * {@link #BEHIND_RECORDS}, so that {@link #justCaughtUp} would say so now (the task need not wait for its next
     * punctuation to look).
     */
    public boolean read(long offset) {
        lastRead = offset;
        if (state == State.BACKLOG) {
            return end.reachedBy(offset);
        }
        long endOffset = end.offset();
        if (endOffset != SourceEnds.UNKNOWN && endOffset - offset - 1 > BEHIND_RECORDS) {
            state = State.BACKLOG;
        } else if (state == State.NEW) {
            state = State.FIRST_RECORDS;
        }
        return false;
    }

    /**
     * Re-evaluates the partition at {@code now} (ms); true exactly when it has caught up after a backlog since the
     * last call.
     */
    public boolean justCaughtUp(long now) {
        long endOffset = end.offset();
        if (endOffset == SourceEnds.UNKNOWN || state == State.NEW) {
            return false;
        }
        if (state != State.BACKLOG && endOffset - lastRead - 1 > BEHIND_RECORDS) {
            state = State.BACKLOG;
            return false;
        }
        return switch (state) {
            case BACKLOG -> caughtUpIf(end.reachedBy(lastRead));
            case FIRST_RECORDS -> firstRecordsSettled(endOffset, now);
            default -> false;
        };
    }

    private boolean caughtUpIf(boolean reached) {
        if (reached) {
            state = State.LIVE;
        }
        return reached;
    }

    /** The task's first records: caught up once the end it reached stayed there for {@link #quietMillis}. */
    private boolean firstRecordsSettled(long endOffset, long now) {
        if (reachedEnd != NONE && endOffset != reachedEnd) {
            state = State.LIVE; // records came after the end was reached: a live partition
            return false;
        }
        if (reachedEnd == NONE) {
            if (end.reachedBy(lastRead)) {
                reachedEnd = endOffset;
                reachedAt = now;
            }
            return false;
        }
        return caughtUpIf(now - reachedAt >= quietMillis);
    }

    /** Records after the last one the task took up to the partition's end; -1 before the end was seen. */
    public long behind() {
        long endOffset = end.offset();
        return endOffset == SourceEnds.UNKNOWN ? -1 : Math.max(0, endOffset - lastRead - 1);
    }

    /** Whether a backlog (of either kind) is still being read or settling. */
    public boolean catchingUp() {
        return state == State.BACKLOG || state == State.FIRST_RECORDS;
    }
}
