package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chute.metrics.ChuteMetrics;

class ThreadPunctuationTest {
    private final CommitBarrier barrier = new CommitBarrier(ChuteMetrics.inMemory());
    private final AtomicLong clock = new AtomicLong(1_000);

    /** Counts its punctuations. */
    private static final class CountingTask extends IdleParticipant {
        final AtomicInteger punctuations = new AtomicInteger();

        @Override
        public void punctuate() {
            punctuations.incrementAndGet();
        }
    }

    @Test
    void shouldPunctuateEveryTaskOfTheThreadOncePerIntervalWhenPolledOften() {
        CountingTask a = new CountingTask();
        CountingTask b = new CountingTask();
        barrier.register(a);
        barrier.register(b);
        ThreadPunctuation punctuation = new ThreadPunctuation(barrier, 200, clock::get);

        assertTrue(punctuation.beforePoll(), "the first poll punctuates");
        for (int i = 0; i < 19; i++) {
            clock.addAndGet(10);
            assertFalse(punctuation.beforePoll(), "within the interval, poll " + i);
        }
        clock.addAndGet(10); // 200 ms after the first
        assertTrue(punctuation.beforePoll());

        assertEquals(2, a.punctuations.get());
        assertEquals(2, b.punctuations.get());
    }

    @Test
    void shouldLeaveOtherThreadsTasksAloneWhenPunctuating() throws Exception {
        CountingTask mine = new CountingTask();
        CountingTask theirs = new CountingTask();
        barrier.register(mine);
        Thread other = new Thread(() -> barrier.register(theirs));
        other.start();
        other.join();

        new ThreadPunctuation(barrier, 200, clock::get).beforePoll();

        assertEquals(1, mine.punctuations.get());
        assertEquals(0, theirs.punctuations.get(), "a task is only touched by its own stream thread");
    }

    @Test
    void shouldStopPunctuatingATaskWhenItUnregisters() {
        CountingTask task = new CountingTask();
        barrier.register(task);
        ThreadPunctuation punctuation = new ThreadPunctuation(barrier, 200, clock::get);
        punctuation.beforePoll();
        barrier.unregister(task);
        clock.addAndGet(500);

        assertTrue(punctuation.beforePoll());
        assertEquals(1, task.punctuations.get());
    }
}
