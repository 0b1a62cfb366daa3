package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CatchUpTest {
    private static final long QUIET = 1_000;
    private final SourceEnds.End end = new SourceEnds().of("t", 0);
    private final CatchUp catchUp = new CatchUp(end, QUIET);

    /** The task's first records were read and more came after: a live partition (end 10 after offset 9). */
    private void live() {
        end.set(9);
        catchUp.read(8);
        assertFalse(catchUp.justCaughtUp(0), "the end is reached: it must stay there for a while");
        end.set(10);
        catchUp.read(9);
        assertFalse(catchUp.justCaughtUp(100), "a record came after the end was reached: live");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldReportCaughtUpOnceWhenABacklogIsRead() {
        end.set(10_000, 9_998); // a transaction marker at 9,999
        catchUp.read(100);
        assertFalse(catchUp.justCaughtUp(0));
        assertTrue(catchUp.catchingUp());
        catchUp.read(9_000);
        assertFalse(catchUp.justCaughtUp(0), "999 records left: still behind");
        catchUp.read(9_998);
        assertTrue(catchUp.justCaughtUp(0), "one left: a transaction marker");
        assertFalse(catchUp.justCaughtUp(0), "reported once");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldReportCaughtUpWhenTheWholeBacklogWasReadBetweenTwoLooks() {
        end.set(4_000, 3_998);
        for (long offset = 0; offset < 3_999; offset++) {
            catchUp.read(offset);
        }
        assertTrue(catchUp.justCaughtUp(0), "3,999 records read before the first look: still a backlog");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldNotCatchUpWhenALiveTrickleIsAFewRecordsBehind() {
        live();
        end.set(500);
        catchUp.read(10);
        assertFalse(catchUp.justCaughtUp(200));
        assertFalse(catchUp.catchingUp(), "489 records behind: the records of the last polls");
        catchUp.read(499);
        assertFalse(catchUp.justCaughtUp(5_000), "was never behind: nothing to release early");
    }

    @Test
    void shouldCatchUpWhenTheTasksFirstRecordsAreAllThereAndNoMoreCome() {
        end.set(781);
        catchUp.read(0);
        assertTrue(catchUp.catchingUp(), "a task's first records: it did not read them live");
        catchUp.read(780);
        assertFalse(catchUp.justCaughtUp(10_000), "the end is reached: it must stay there for block.linger.ms");
        assertFalse(catchUp.justCaughtUp(10_999), "999 ms later");
        assertTrue(catchUp.justCaughtUp(11_000), "no record came for block.linger.ms: a small backlog, not live");
        assertFalse(catchUp.justCaughtUp(20_000), "reported once");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldKeepTheFirstRecordsLiveWhenRecordsComeAfterTheEndWasReached() {
        end.set(5);
        catchUp.read(4);
        assertFalse(catchUp.justCaughtUp(0));
        end.set(7);
        assertFalse(catchUp.justCaughtUp(5_000), "two records came: a live partition after a start");
        catchUp.read(6);
        assertFalse(catchUp.justCaughtUp(10_000), "and it stays live");
        assertFalse(catchUp.catchingUp());
    }

    @Test
    void shouldNotStartTheQuietWhileTheFirstRecordsAreStillBeingRead() {
        end.set(500);
        catchUp.read(0);
        assertFalse(catchUp.justCaughtUp(0));
        assertFalse(catchUp.justCaughtUp(5_000), "499 records left: not reached, however long ago it started");
        catchUp.read(499);
        assertFalse(catchUp.justCaughtUp(5_001), "reached now: the quiet starts here");
        assertTrue(catchUp.justCaughtUp(6_001));
    }

    @Test
    void shouldCountABacklogWhenTheFirstRecordsAreMoreThanAThousandBehind() {
        end.set(1_002);
        assertFalse(catchUp.justCaughtUp(0), "nothing read yet: the first record decides");
        catchUp.read(0);
        assertTrue(catchUp.read(1_001), "a backlog of more than 1,000: caught up with its last record, no quiet");
        assertTrue(catchUp.justCaughtUp(0));
    }

    @Test
    void shouldIgnoreThePartitionWhenItsEndIsUnknown() {
        catchUp.read(5);
        assertFalse(catchUp.justCaughtUp(0));
        assertFalse(catchUp.justCaughtUp(60_000));
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
        assertTrue(catchUp.justCaughtUp(0), "the look the record announced");
        assertFalse(catchUp.read(3_999), "reported once: the catch-up was taken");
    }

    @Test
    void shouldNotSayTheEndWasReachedWhenThePartitionWasNeverFarBehindOrItsEndIsUnknown() {
        assertFalse(catchUp.read(0), "end unknown");
        end.set(500);
        assertFalse(catchUp.read(498), "first records: caught up only after a quiet look, never at a record");
        assertFalse(catchUp.read(499));
    }

    @Test
    void shouldNotCatchUpOneRecordEarlyWhenTheOffsetLeftIsARecordNotAMarker() {
        end.set(4_000); // no transactions: 3,999 is the last record
        catchUp.read(0);
        assertFalse(catchUp.read(3_998), "one offset left, and it is a record the consumer returned");
        assertFalse(catchUp.justCaughtUp(0), "closing now would leave 3,999 alone for the grown linger");
        assertTrue(catchUp.read(3_999));
        assertTrue(catchUp.justCaughtUp(0));
    }

    @Test
    void shouldNotStartTheQuietOneRecordEarlyWhenTheOffsetLeftIsARecord() {
        end.set(10); // no transactions: 9 is the last record
        catchUp.read(8);
        assertFalse(catchUp.justCaughtUp(0), "offset 9 is a record still to take");
        assertFalse(catchUp.justCaughtUp(5_000), "not reached: no quiet started");
        catchUp.read(9);
        assertFalse(catchUp.justCaughtUp(5_000));
        assertTrue(catchUp.justCaughtUp(6_000));
    }
}
