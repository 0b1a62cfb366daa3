package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CatchUpTest {
    private final SourceEnds.End end = new SourceEnds().of("t", 0);
    private final CatchUp catchUp = new CatchUp(end);

    @Test
    void shouldReportCaughtUpOnceWhenABacklogIsRead() {
        end.set(10_000, 9_998); // a transaction marker at 9,999
        catchUp.read(100);
        assertFalse(catchUp.justCaughtUp());
        assertTrue(catchUp.catchingUp());
        catchUp.read(9_000);
        assertFalse(catchUp.justCaughtUp(), "999 records left: still behind");
        catchUp.read(9_998);
        assertTrue(catchUp.justCaughtUp(), "one left: a transaction marker");
        assertFalse(catchUp.justCaughtUp(), "reported once");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldReportCaughtUpWhenTheWholeBacklogWasReadBetweenTwoLooks() {
        end.set(4_000, 3_998);
        for (long offset = 0; offset < 3_999; offset++) {
            catchUp.read(offset);
        }
        assertTrue(catchUp.justCaughtUp(), "3,999 records read before the first look: still a backlog");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldNotCatchUpWhenALiveTrickleIsAFewRecordsBehind() {
        end.set(500);
        catchUp.read(10);
        assertFalse(catchUp.justCaughtUp());
        assertFalse(catchUp.catchingUp(), "489 records behind: the records of the last polls");
        catchUp.read(499);
        assertFalse(catchUp.justCaughtUp(), "was never behind: nothing to release early");
    }

    @Test
    void shouldIgnoreThePartitionWhenItsEndIsUnknown() {
        catchUp.read(5);
        assertFalse(catchUp.justCaughtUp());
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldCountABacklogWhenNothingWasReadYet() {
        end.set(1_002);
        assertFalse(catchUp.justCaughtUp());
        assertTrue(catchUp.catchingUp(), "1,002 records ahead of a task that read none");
    }

    @Test
    void shouldCountTheRecordsBehindFromTheLastOneRead() {
        assertEquals(-1, catchUp.behind(), "end unknown");
        end.set(1_000);
        assertEquals(1_000, catchUp.behind(), "nothing read yet");
        catchUp.read(899);
        assertEquals(100, catchUp.behind());
        catchUp.read(999);
        assertEquals(0, catchUp.behind());
    }

    @Test
    void shouldSayTheRecordTakenReachedTheEndWhenItIsABacklogsLast() {
        end.set(4_000, 3_998);
        assertFalse(catchUp.read(0), "the backlog is noticed, not yet read");
        assertFalse(catchUp.read(3_996), "three records left");
        assertTrue(catchUp.read(3_998), "at most a transaction marker left");
        assertTrue(catchUp.justCaughtUp(), "the look the record announced");
        assertFalse(catchUp.read(3_999), "reported once: the catch-up was taken");
    }

    @Test
    void shouldNotSayTheEndWasReachedWhenThePartitionWasNeverBehindOrItsEndIsUnknown() {
        assertFalse(catchUp.read(0), "end unknown");
        end.set(500);
        assertFalse(catchUp.read(498), "a live trickle's last record");
        assertFalse(catchUp.read(499));
    }

    @Test
    void shouldNotCatchUpOneRecordEarlyWhenTheOffsetLeftIsARecordNotAMarker() {
        end.set(4_000); // no transactions: 3,999 is the last record
        catchUp.read(0);
        assertFalse(catchUp.read(3_998), "one offset left, and it is a record the consumer returned");
        assertFalse(catchUp.justCaughtUp(), "closing now would leave 3,999 alone for the grown linger");
        assertTrue(catchUp.read(3_999));
        assertTrue(catchUp.justCaughtUp());
    }
}
