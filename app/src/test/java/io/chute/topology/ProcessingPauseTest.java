package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chute.block.BlockLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.Backoff;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.sink.BlockInserter;
import io.chute.sink.FakeWriter;
import io.chute.sink.InsertFaults;

class ProcessingPauseTest {
    private final MemoryBudget budget = new MemoryBudget(1000);
    private final ChuteMetrics metrics = ChuteMetrics.inMemory();
    private final AtomicLong nanos = new AtomicLong();
    private final ProcessingPause pause = new ProcessingPause(budget, metrics, nanos::get);
    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();

    private void attach() {
        pause.attach(pauses::incrementAndGet, resumes::incrementAndGet);
    }

    @Test
    void shouldPauseOnceWhenOverTheHardLimitAndResumeWhenAReleaseBringsItUnder() {
        attach();
        budget.add(1200);
        assertTrue(pause.pauseOverHardLimit());
        assertTrue(pause.pauseOverHardLimit(), "still paused: the caller keeps asking for a commit");
        assertEquals(1, pauses.get(), "Kafka Streams paused once");
        nanos.set(250_000_000);
        budget.release(100);
        assertEquals(0, resumes.get(), "1,100 bytes are still over the hard limit");
        budget.release(200);
        assertEquals(1, resumes.get());
        assertFalse(pause.paused());
        assertEquals(1.0, metrics.counter(ChuteMetric.BACKPRESSURE_WAITS).count());
        assertEquals(250.0, metrics.counter(ChuteMetric.BACKPRESSURE_WAIT_MILLIS).count());
    }

    @Test
    void shouldNotPauseWhenUnderTheHardLimit() {
        attach();
        budget.add(1000);
        assertFalse(pause.pauseOverHardLimit());
        assertEquals(0, pauses.get());
    }

    @Test
    void shouldDeclineWhenNoKafkaStreamsIsAttached() {
        budget.add(2000);
        assertFalse(pause.pauseOverHardLimit());
        budget.release(2000);
        assertEquals(0, resumes.get());
    }

    /**
     * The pause decision and a release on an insert thread race: a release between the budget check and the pause must
     * not leave processing paused with the budget under its limit (no later release would resume it).
     */
    @Test
    void shouldNeverStayPausedUnderTheHardLimitWhenAReleaseRacesThePause() throws Exception {
        attach();
        CyclicBarrier start = new CyclicBarrier(2);
        for (int round = 0; round < 20_000; round++) {
            budget.add(1500);
            Thread releaser = new Thread(() -> {
                await(start);
                budget.release(1500);
            });
            releaser.start();
            await(start);
            pause.pauseOverHardLimit();
            releaser.join();
            assertFalse(pause.paused(), "paused with " + budget + " in round " + round);
        }
        assertEquals(pauses.get(), resumes.get());
    }

    @Test
    void shouldPauseAndAskForACommitInsteadOfWaitingWhenGroupedBlocksPassTheHardLimit() throws Exception {
        attach();
        GroupedInserts grouped = new GroupedInserts("ledger", new BlockInserter(new FakeWriter(),
                new RetryPolicy(new Backoff(1, 1, Backoff.Jitter.NONE), 0), new MockTime(), () -> { },
                InsertFaults.NONE), table -> Runnable::run, (block, bad) -> List.of(), metrics,
                BlockLimits.defaults(), () -> 42L, InsertFaults.NONE, pause);
        MemoryPressure pressure = new MemoryPressure(budget, () -> 1, new CommitBarrier(metrics, grouped), metrics,
                BlockLimits.defaults());
        budget.add(800);
        assertTrue(pressure.relieve(), "over the soft limit with nothing inserting: a commit is asked for");
        assertEquals(0, pauses.get());
        budget.add(400);
        assertTrue(pressure.relieve(), "over the hard limit: no group inserts, so waiting would never end");
        assertEquals(1, pauses.get());
        budget.release(1200);
        assertEquals(1, resumes.get());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
