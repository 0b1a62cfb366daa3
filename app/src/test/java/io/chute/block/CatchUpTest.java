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
        end.set(10_000);
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
        end.set(4_000);
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
}
