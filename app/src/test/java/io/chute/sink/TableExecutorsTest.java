package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableExecutorsTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void shouldLeaveThreadsToOtherTablesWhenOneTablesStepsAllBlock() throws Exception {
        TableExecutors executors = TableExecutors.halfPerTable(pool, 4); // 2 per table
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger sickRunning = new AtomicInteger();
        AtomicInteger sickMax = new AtomicInteger();
        for (int i = 0; i < 10; i++) { // a sick table: every step sleeps until released
            executors.forTable("sick").execute(() -> {
                sickMax.accumulateAndGet(sickRunning.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sickRunning.decrementAndGet();
            });
        }
        CountDownLatch healthy = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            executors.forTable("healthy").execute(healthy::countDown);
        }
        assertTrue(healthy.await(5, TimeUnit.SECONDS), "the healthy table ran while the sick one held its share");
        // the healthy steps can all finish before the sick table's second step started: wait for it, then give a
        // third one the time to start if the cap did not hold
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sickRunning.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertEquals(2, sickMax.get(), "the sick table never had more than half the pool");
        release.countDown();
        CountDownLatch after = new CountDownLatch(1);
        executors.forTable("sick").execute(after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS), "the sick table's queue drains once released");
    }
}
