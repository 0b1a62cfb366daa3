package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chute.LogCapture;
import io.chute.block.BlockLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

class MemoryPressureTest {
    private final MemoryBudget budget = new MemoryBudget(1000);
    private final ChuteMetrics metrics = ChuteMetrics.inMemory();
    private final CommitBarrier barrier = new CommitBarrier(metrics);
    /** maxBytes 1600: blocks of 100 bytes or more may go early. */
    private int openLanes = 1;
    private final MemoryPressure pressure = new MemoryPressure(budget, () -> openLanes, barrier, metrics,
            new BlockLimits(1000, 1600, 1000, 1));
    private final LogCapture log = LogCapture.of(MemoryPressure.class);

    @AfterEach
    void releaseLog() {
        log.close();
    }

    /** A task whose open blocks count against the budget; submitted ones stay counted until released. */
    private final class FakeTask implements CommitBarrier.Participant {
        final List<Long> open = new ArrayList<>();
        final List<Long> submitted = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Its lanes' in-flight slots are full: nothing can be submitted now. */
        volatile boolean busy;
        /** Submits every open block with the largest, as a fan-out task's sibling lanes go with it. */
        boolean siblings;

        FakeTask open(long... bytes) {
            for (long b : bytes) {
                open.add(b);
                budget.add(b);
            }
            return this;
        }

        @Override
        public void loads(Map<TopicPartition, SourceLoad> out) {
        }

        @Override
        public void submitOpen(boolean mayHold) {
            submitted.addAll(open);
            open.clear();
        }

        @Override
        public void heldOffsets(Map<TopicPartition, Long> out) {
        }

        @Override
        public void deadLetters(Map<TopicPartition, Long> out) {
        }

        @Override
        public void awaitLanded(boolean mayHold) {
        }

        @Override
        public long largestOpenBytes() {
            return busy ? 0 : open.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        @Override
        public EarlyBlocks submitLargest() {
            if (open.isEmpty()) {
                return EarlyBlocks.NONE;
            }
            Long largest = open.stream().max(Long::compare).orElseThrow();
            List<Long> going = siblings ? List.copyOf(open) : List.of(largest);
            EarlyBlocks early = EarlyBlocks.NONE;
            for (Long bytes : going) {
                open.remove(bytes);
                submitted.add(bytes);
                early = early.plus(bytes);
            }
            return early;
        }

        @Override
        public void punctuate() {
        }
    }

    @Test
    void shouldLeaveBlocksOpenWhenUnderTheSoftLimit() throws Exception {
        FakeTask task = new FakeTask().open(300, 400);
        barrier.register(task);
        pressure.relieve();
        assertEquals(List.of(), task.submitted);
    }

    @Test
    void shouldSubmitTheLargestOpenBlocksOfAnyTaskWhenOverTheSoftLimit() throws Exception {
        FakeTask small = new FakeTask().open(200, 50);
        FakeTask large = new FakeTask().open(500, 60);
        barrier.register(small);
        barrier.register(large);
        pressure.relieve(); // 810 > 750: the 500-byte block goes; submitted blocks stay counted until they land
        assertEquals(List.of(500L), large.submitted);
        assertEquals(List.of(), small.submitted);
        budget.release(500); // it landed
        assertEquals(1, metrics.total(ChuteMetric.BLOCKS_SUBMITTED_EARLY));
    }

    @Test
    void shouldCountEveryBlockSubmittedEarlyWhenSiblingLanesGoWithTheLargest() throws Exception {
        FakeTask fanOut = new FakeTask().open(300, 280, 260);
        fanOut.siblings = true;
        barrier.register(fanOut);
        pressure.relieve(); // 840 > 750
        assertEquals(3, fanOut.submitted.size());
        assertEquals(3, metrics.total(ChuteMetric.BLOCKS_SUBMITTED_EARLY), "one per block, not one per scan");
    }

    @Test
    void shouldNotCutTinyBlocksEarlyWhenOnlyOverTheSoftLimit() throws Exception {
        FakeTask task = new FakeTask().open(90, 90);
        barrier.register(task);
        budget.add(600); // in flight elsewhere
        pressure.relieve();
        assertEquals(List.of(), task.submitted, "blocks under 1/16 of block.max.bytes stay open");
    }

    @Test
    void shouldWaitForInsertsToLandWhenOverTheHardLimit() throws Exception {
        FakeTask task = new FakeTask().open(90, 90);
        barrier.register(task);
        budget.add(900); // in flight: 1080 in all
        Thread lands = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            budget.release(900);
        });
        lands.start();
        pressure.relieve();
        assertEquals(2, task.submitted.size(), "over the hard limit every open block goes, whatever its size");
        assertTrue(!budget.overHardLimit());
        assertEquals(1, metrics.total(ChuteMetric.BACKPRESSURE_WAITS));
        assertTrue(metrics.total(ChuteMetric.BACKPRESSURE_WAIT_MILLIS) > 0);
        lands.join();
    }

    @Test
    void shouldTellTheOperatorOnceHowToSizeWhenManyLanesGetSmallEarlyBlocks() throws Exception {
        openLanes = 10; // fair share 75 bytes, below 1/16 of block.max.bytes (100)
        FakeTask task = new FakeTask().open(80, 78, 76);
        barrier.register(task);
        budget.add(530); // 764 in all
        pressure.relieve();
        budget.add(100); // 864: another scan, another early block
        pressure.relieve();
        assertEquals(List.of(80L, 78L), task.submitted);
        List<String> warnings = warnings();
        assertEquals(1, warnings.size(), "said once, not per early block: " + warnings);
        assertTrue(warnings.get(0).contains("10 open lanes") && warnings.get(0).contains("buffer.memory.bytes=1000")
                && warnings.get(0).contains("about 75 bytes each"), warnings.get(0));
    }

    @Test
    void shouldNotWarnAboutSizingWhenEarlyBlocksAreLargeEnough() throws Exception {
        FakeTask task = new FakeTask().open(500, 60); // one lane: its share is the whole soft limit
        barrier.register(task);
        budget.add(250); // in flight elsewhere: 810 in all
        pressure.relieve();
        assertEquals(List.of(500L), task.submitted);
        assertEquals(List.of(), warnings());
    }

    private List<String> warnings() {
        return log.messages(Level.WARN);
    }

    @Test
    void shouldCutALaneSizedBlockEarlyWhenManyLanesShareTheBudget() throws Exception {
        openLanes = 10; // fair share 75 bytes, below 1/16 of block.max.bytes (100)
        FakeTask task = new FakeTask().open(80, 70);
        barrier.register(task);
        budget.add(610); // in flight elsewhere: 760 in all
        pressure.relieve();
        assertEquals(List.of(80L), task.submitted, "a lane's share of the soft limit is worth a part here");
    }

    @Test
    void shouldScanOncePerFairShareOfGrowthWhenOverTheSoftLimit() throws Exception {
        FakeTask task = new FakeTask().open(200, 150, 120);
        barrier.register(task);
        budget.add(300); // 770 in all
        pressure.relieve();
        assertEquals(List.of(200L), task.submitted);
        pressure.relieve();
        assertEquals(List.of(200L), task.submitted, "no new scan before the budget grew by a block's worth");
        task.open(100); // 870
        pressure.relieve();
        assertEquals(List.of(200L, 150L), task.submitted);
    }

    @Test
    void shouldSubmitOnlyTheExcessOverTheSoftLimitWhenOverTheHardLimit() throws Exception {
        FakeTask task = new FakeTask().open(300, 200, 150, 100, 90);
        barrier.register(task);
        budget.add(200); // 1040 in all: 290 over the soft limit
        Thread lands = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            budget.release(500);
        });
        lands.start();
        pressure.relieve();
        assertEquals(List.of(300L), task.submitted, "the largest block covers the excess: the small ones stay open");
        lands.join();
    }

    @Test
    void shouldCutABlockWhoseLaneWasBusyWhenItsSlotFreesDuringTheWait() {
        FakeTask task = new FakeTask().open(1050);
        task.busy = true; // its earlier block (100 bytes) is in flight
        budget.add(100);
        barrier.register(task);
        Thread lands = new Thread(() -> {
            try {
                Thread.sleep(100);
                task.busy = false;
                budget.release(100); // the earlier block landed: still over the hard limit by the open block alone
                while (!task.submitted.contains(1050L)) {
                    Thread.sleep(10);
                }
                budget.release(1050);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lands.start();
        Thread caller = Thread.currentThread(); // the barrier knows the caller's tasks: relieve runs here
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(10_000);
                caller.interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.start();
        try {
            pressure.relieve();
        } catch (InterruptedException e) {
            fail("the wait would never end if the busy lane's block were not cut once it had room");
        } finally {
            watchdog.interrupt();
        }
        assertEquals(List.of(1050L), task.submitted);
    }
}
