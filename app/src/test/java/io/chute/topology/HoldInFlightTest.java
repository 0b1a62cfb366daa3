package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockLimits;
import io.chute.block.ColumnLayout;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.sink.BlockInserter;
import io.chute.sink.InsertFaults;
import io.chute.sink.InsertPipeline;
import io.chute.state.InMemoryIntentLedger;

/**
 * A commit at many lanes holds its partition below the blocks memory pressure put in flight instead of waiting for
 * them (issue 10: the commit wait p99 at 64 partitions x 3 tables), under the open block's rules.
 */
class HoldInFlightTest {
    private static final ColumnLayout COLUMNS = ColumnLayout.of(1, List.of("c"));
    private static final byte[] ROW = new byte[64];

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final MockTime time = new MockTime(1_000_000L);
    private InstanceLimits instance;

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    /** A task of partition 0 whose inserts wait for {@link #release}; {@code otherLanes} of table t open elsewhere. */
    private TaskSinks sinks(double maxPerSecondPerTable, int otherLanes) {
        instance = new InstanceLimits(MemoryBudget.unbounded(), maxPerSecondPerTable);
        instance.openLanes("t").addAndGet(otherLanes);
        instance.lanes("t").addAndGet(otherLanes);
        InMemoryIntentLedger ledger = new InMemoryIntentLedger();
        BlockInserter inserter = new BlockInserter((block, queryId) -> {
            release.await();
            return block.rowCount();
        }, RetryPolicy.defaults(), new MockTime(), () -> { }, InsertFaults.NONE);
        InsertPipeline pipeline = new InsertPipeline(ledger, inserter, executor, 2, (block, bad) -> List.of(),
                (block, result, nanos) -> { }, InsertFaults.NONE);
        return new TaskSinks("ns", 0, new BlockLimits(100_000, 16 << 20, 1_000, 1), instance, time::milliseconds,
                ledger, pipeline, ChuteMetrics.inMemory());
    }

    /** Rows at offsets 10..14 of topic p, put in flight by memory pressure. */
    private static void pressureSubmitted(TaskSinks sinks) throws InterruptedException {
        for (long offset = 10; offset < 15; offset++) {
            sinks.append("t", "p", COLUMNS, offset, 0, ROW, 0, ROW.length);
        }
        sinks.submitLargest();
    }

    private static Map<String, Long> held(TaskSinks sinks) {
        Map<String, Long> out = new HashMap<>();
        sinks.heldOffsets(out);
        return out;
    }

    @Test
    void shouldHoldThePartitionBelowAnInFlightBlockWhenTheTableHasManyLanes() throws Exception {
        TaskSinks sinks = sinks(0.1, 63);
        pressureSubmitted(sinks);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> sinks.awaitForCommit(true), "no wait for the insert");
        assertEquals(Map.of("p", 10L), held(sinks));

        release.countDown();
        sinks.awaitForCommit(false);
        assertEquals(Map.of(), held(sinks), "landed: nothing held any more");
    }

    @Test
    void shouldHoldAnExpiredOpenBlockWhenItsLaneHasNoRoomForIt() throws Exception {
        TaskSinks sinks = sinks(0.1, 63);
        pressureSubmitted(sinks);
        for (long offset = 15; offset < 20; offset++) {
            sinks.append("t", "p", COLUMNS, offset, 0, ROW, 0, ROW.length);
        }
        sinks.submitLargest(); // the lane's second in-flight slot: a third block would wait for the first to land
        sinks.append("t", "p", COLUMNS, 20, 0, ROW, 0, ROW.length);
        time.advance(10_000_000); // past any grown linger

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            sinks.submitForCommit(true);
            sinks.awaitForCommit(true);
        }, "neither a submit into a full lane nor the inserts stall the commit");
        assertEquals(Map.of("p", 10L), held(sinks));
    }

    @Test
    void shouldHoldWhenTheTableHasManyLanesThoughTheyClosedAfterABacklog() throws Exception {
        TaskSinks sinks = sinks(2, 0); // one lane at 2 blocks/s per table: the linger stays at block.linger.ms
        pressureSubmitted(sinks);
        instance.lanes("t").addAndGet(63); // 63 more lanes of t on the instance, none open: 32 s if all were

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> sinks.awaitForCommit(true), "no wait for the insert");
        assertEquals(Map.of("p", 10L), held(sinks));
    }

    @Test
    void shouldWaitForTheInFlightBlockWhenARecordOfItsTopicWasDeadLetteredAtOrAfterIt() throws Exception {
        TaskSinks sinks = sinks(0.1, 63);
        pressureSubmitted(sinks);
        sinks.deadLettered("p", 12);

        assertWaitsUntilReleased(sinks);
    }

    @Test
    void shouldWaitForTheInFlightBlockWhenTheTableHasFewLanes() throws Exception {
        TaskSinks sinks = sinks(1_000, 0);
        pressureSubmitted(sinks);

        assertWaitsUntilReleased(sinks);
    }

    @Test
    void shouldWaitForTheInFlightBlockWhenTheCommitMayNotHold() throws Exception {
        TaskSinks sinks = sinks(0.1, 63);
        pressureSubmitted(sinks);

        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> await(sinks, false));
        Thread.sleep(200);
        assertFalse(commit.isDone());
        release.countDown();
        commit.get(5, TimeUnit.SECONDS);
    }

    private void assertWaitsUntilReleased(TaskSinks sinks) throws Exception {
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> await(sinks, true));
        Thread.sleep(200);
        assertFalse(commit.isDone(), "the commit waits for the insert");
        release.countDown();
        commit.get(5, TimeUnit.SECONDS);
        assertEquals(Map.of(), held(sinks));
    }

    private static void await(TaskSinks sinks, boolean mayHold) {
        try {
            sinks.awaitForCommit(mayHold);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
