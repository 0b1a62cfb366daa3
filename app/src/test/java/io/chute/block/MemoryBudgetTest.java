package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void shouldPassTheSoftLimitAtThreeQuartersAndTheHardLimitAtTheBudgetWhenBytesAreAdded() {
        MemoryBudget budget = new MemoryBudget(1000);
        budget.add(750);
        assertFalse(budget.overSoftLimit());
        budget.add(1);
        assertTrue(budget.overSoftLimit());
        assertFalse(budget.overHardLimit());
        budget.add(250);
        assertTrue(budget.overHardLimit());
        budget.release(600);
        assertFalse(budget.overSoftLimit());
        assertEquals(401, budget.used());
        assertEquals(1001, budget.peak(), "the peak stays");
    }

    @Test
    void shouldCountTasksUpToAQuarterOfTheBudgetWhenTasksOpen() {
        MemoryBudget budget = new MemoryBudget(MemoryBudget.TASK_BYTES * 10); // room for 2.5 tasks
        long first = budget.reserveTask();
        long second = budget.reserveTask();
        long third = budget.reserveTask();
        long fourth = budget.reserveTask();

        assertEquals(MemoryBudget.TASK_BYTES, first);
        assertEquals(MemoryBudget.TASK_BYTES, second);
        assertEquals(MemoryBudget.TASK_BYTES / 2, third, "the rest up to a quarter");
        assertEquals(0, fourth);
        assertEquals(budget.hardLimit() / 4, budget.used());
        assertEquals(budget.hardLimit() / 4, budget.reserved());
        budget.releaseTask(first);
        assertEquals(budget.hardLimit() / 4 - MemoryBudget.TASK_BYTES, budget.used());
        assertEquals(MemoryBudget.TASK_BYTES, budget.reserveTask(), "a closed task's share is free again");
    }

    @Test
    void shouldTakeThirtyPercentOfTheMaxHeapWhenNotConfigured() {
        assertEquals((long) (Runtime.getRuntime().maxMemory() * 0.30), MemoryBudget.of(-1).hardLimit());
        assertEquals(5_000_000, MemoryBudget.of(5_000_000).hardLimit());
    }

    @Test
    void shouldReturnFromAWaitWhenBytesAreReleased() throws Exception {
        MemoryBudget budget = new MemoryBudget(100);
        budget.add(200);
        Thread releaser = new Thread(() -> budget.release(150));
        long start = System.nanoTime();
        releaser.start();
        while (budget.overHardLimit()) {
            budget.awaitRelease(10_000);
        }
        assertTrue(System.nanoTime() - start < 9_000_000_000L, "woken by the release, not the timeout");
        releaser.join();
    }
}
