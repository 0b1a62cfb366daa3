package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockId;
import io.chute.block.TestBlocks;
import io.chute.dlq.BadRow;
import io.chute.dlq.DeadLetterEncoder;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.state.InMemoryIntentLedger;
import io.chute.state.LedgerFencedException;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;

class InsertPipelineTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryIntentLedger ledger = new InMemoryIntentLedger(events);
    private final List<InsertResult> landed = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private InsertPipeline pipeline(BlockWriter writer, int maxInFlight) {
        BlockInserter inserter = new BlockInserter(writer, RetryPolicy.defaults(), new MockTime(), () -> { },
                InsertFaults.NONE);
        DeadLetterEncoder dlq = (block, bad) -> bad.stream()
                .map(b -> new ProducerRecord<byte[], byte[]>("dlq", block.rowBytes(b.rowIndex()))).toList();
        return new InsertPipeline(ledger, inserter, executor, maxInFlight, dlq,
                (block, result, nanos) -> landed.add(result), InsertFaults.NONE);
    }

    private BlockWriter recording() {
        return (block, queryId) -> {
            events.add("insert:" + block.token());
            return block.rowCount();
        };
    }

    @Test
    void shouldRunIntentInsertLandedInOrderWhenBlocksShareKey() throws Exception {
        InsertPipeline pipeline = pipeline(recording(), 2);
        List<Block> blocks = List.of(TestBlocks.range("t", "p", 0, 0, 3), TestBlocks.range("t", "p", 0, 3, 3),
                TestBlocks.range("t", "p", 0, 6, 3));
        for (Block b : blocks) {
            pipeline.submit(b);
        }
        pipeline.awaitAll();

        List<String> expected = new ArrayList<>();
        for (Block b : blocks) {
            expected.addAll(List.of("intent:" + b.token(), "insert:" + b.token(), "landed:" + b.token()));
        }
        assertEquals(expected, events);
        assertEquals(3, landed.size());
    }

    @Test
    void shouldInsertKeysInParallelWhenKeysDiffer() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        BlockWriter writer = (block, queryId) -> {
            bothStarted.countDown();
            if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("keys did not run in parallel");
            }
            return block.rowCount();
        };
        InsertPipeline pipeline = pipeline(writer, 2);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 3));
        pipeline.submit(TestBlocks.range("t", "p", 1, 0, 3));
        pipeline.awaitAll();
        assertEquals(0, bothStarted.getCount());
        assertEquals(2, landed.size());
    }

    @Test
    void shouldReportNoRoomWhenKeyHasMaxInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InsertPipeline pipeline = pipeline((block, queryId) -> {
            release.await();
            return block.rowCount();
        }, 2);
        assertTrue(pipeline.hasRoom("t", "p", 0), "a key never seen has room");
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 1));
        assertTrue(pipeline.hasRoom("t", "p", 0));
        pipeline.submit(TestBlocks.range("t", "p", 0, 1, 1));
        assertFalse(pipeline.hasRoom("t", "p", 0), "two in flight: a third submit would wait");
        assertTrue(pipeline.hasRoom("t", "p", 1), "another key is not busy");
        release.countDown();
        pipeline.awaitAll();
    }

    @Test
    void shouldReportTheOldestUnlandedBlockOfAKeyUntilItLands() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InsertPipeline pipeline = pipeline((block, queryId) -> {
            release.await();
            return block.rowCount();
        }, 2);
        assertEquals(-1, pipeline.oldestUnlanded("t", "p", 0), "a key never seen");
        pipeline.submit(TestBlocks.range("t", "p", 0, 10, 5));
        pipeline.submit(TestBlocks.range("t", "p", 0, 15, 5));

        assertEquals(10, pipeline.oldestUnlanded("t", "p", 0));
        assertEquals(-1, pipeline.oldestUnlanded("t", "p", 1));
        release.countDown();
        pipeline.awaitAll();
        assertEquals(-1, pipeline.oldestUnlanded("t", "p", 0), "both landed");
    }

    @Test
    void shouldAwaitOnlyTheChosenKeysWhenOthersAreStillInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InsertPipeline pipeline = pipeline((block, queryId) -> {
            if (block.id().partition() == 1) {
                release.await();
            }
            return block.rowCount();
        }, 2);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 3));
        pipeline.submit(TestBlocks.range("t", "p", 1, 0, 3));

        pipeline.awaitAll(key -> key.partition() == 0);

        assertEquals(-1, pipeline.oldestUnlanded("t", "p", 0));
        assertEquals(0, pipeline.oldestUnlanded("t", "p", 1), "still in flight, not awaited");
        release.countDown();
        pipeline.awaitAll();
    }

    @Test
    void shouldThrowTheFailureWhenAwaitingOtherKeysThanTheFailedOne() throws Exception {
        FakeWriter fake = new FakeWriter();
        fake.failures.add(FakeWriter.error(81));
        InsertPipeline pipeline = pipeline((block, queryId) -> block.id().partition() == 1
                ? fake.insert(block, queryId) : block.rowCount(), 2);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 3)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> failed = pipeline.submit(TestBlocks.range("t", "p", 1, 0, 3));
        assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS));

        assertThrows(FatalSinkException.class, () -> pipeline.awaitAll(key -> key.partition() == 0));
        assertEquals(-1, pipeline.oldestUnlanded("t", "p", 1), "gone, but its failure stops the commit");
    }

    @Test
    void shouldBlockSubmitterWhenKeyHasMaxInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockWriter writer = (block, queryId) -> {
            release.await();
            return block.rowCount();
        };
        InsertPipeline pipeline = pipeline(writer, 2);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 1));
        pipeline.submit(TestBlocks.range("t", "p", 0, 1, 1));
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> submitQuietly(pipeline,
                TestBlocks.range("t", "p", 0, 2, 1)));
        CompletableFuture<Void> otherKey = CompletableFuture.runAsync(() -> submitQuietly(pipeline,
                TestBlocks.range("t", "p", 1, 0, 1)));

        otherKey.get(5, TimeUnit.SECONDS); // another key is not held back
        assertThrows(TimeoutException.class, () -> third.get(300, TimeUnit.MILLISECONDS));
        CompletableFuture<Void> await = CompletableFuture.runAsync(() -> awaitQuietly(pipeline));
        assertThrows(TimeoutException.class, () -> await.get(100, TimeUnit.MILLISECONDS));

        release.countDown();
        third.get(5, TimeUnit.SECONDS);
        pipeline.awaitAll();
        await.get(5, TimeUnit.SECONDS);
        assertEquals(4, landed.size());
    }

    @Test
    void shouldStopInsertingWhenLedgerIsFenced() throws Exception {
        AtomicInteger inserts = new AtomicInteger();
        InsertPipeline pipeline = pipeline((block, queryId) -> {
            inserts.incrementAndGet();
            ledger.fence(); // a newer owner takes over while this insert runs
            return block.rowCount();
        }, 2);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 1));
        assertThrows(LedgerFencedException.class, pipeline::awaitAll);
        assertThrows(LedgerFencedException.class, () -> pipeline.submit(TestBlocks.range("t", "p", 0, 1, 1)));
        assertThrows(LedgerFencedException.class, () -> pipeline.submit(TestBlocks.range("t", "p", 2, 0, 1)));
        assertEquals(1, inserts.get(), "a zombie inserts nothing more");
        assertTrue(events.stream().noneMatch(e -> e.startsWith("landed")));
    }

    @Test
    void shouldSkipQueuedBlocksWhenEarlierBlockFailsFatally() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeWriter fake = new FakeWriter();
        fake.failures.add(FakeWriter.error(81));
        InsertPipeline pipeline = pipeline((block, queryId) -> {
            release.await();
            return fake.insert(block, queryId);
        }, 2);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 1));
        pipeline.submit(TestBlocks.range("t", "p", 0, 1, 1));
        release.countDown();
        FatalSinkException e = assertThrows(FatalSinkException.class, pipeline::awaitAll);
        assertTrue(e.getMessage().contains("81"), e.getMessage());
        assertEquals(1, fake.attemptedTokens.size());
        assertFalse(events.stream().anyMatch(ev -> ev.startsWith("landed")));
    }

    @Test
    void shouldLandDeadLettersWithBlockWhenRowsAreBad() throws Exception {
        FakeWriter fake = new FakeWriter();
        fake.badOffsets.add(5L);
        InsertPipeline pipeline = pipeline(fake, 2);
        Block block = TestBlocks.range("t", "p", 0, 0, 8);
        pipeline.submit(block);
        pipeline.awaitAll();
        assertEquals(1, ledger.extraRecords.size());
        assertEquals("r5;", new String(ledger.extraRecords.get(0).value()));
        assertEquals(List.of(5L), landed.get(0).badRows().stream().map(BadRow::offset).toList());
        assertEquals("landed:" + block.token(), events.get(events.size() - 1));
    }

    @Test
    void shouldLeaveIntentWithoutLandedWhenCrashInjectedAfterInsert() throws Exception {
        InsertFaults crashAfterInsert = new InsertFaults() {
            @Override
            public void beforeLanded(BlockId id) {
                throw new AssertionError("injected crash");
            }
        };
        BlockInserter inserter = new BlockInserter(recording(), RetryPolicy.defaults(), new MockTime(),
                () -> { }, InsertFaults.NONE);
        InsertPipeline pipeline = new InsertPipeline(ledger, inserter, executor, 2, (b, bad) -> List.of(),
                PipelineListener.NONE, crashAfterInsert);
        Block block = TestBlocks.range("t", "p", 0, 0, 2);
        pipeline.submit(block);
        assertThrows(AssertionError.class, pipeline::awaitAll);
        assertEquals(List.of("intent:" + block.token(), "insert:" + block.token()), events);
        assertEquals(LedgerState.INTENT,
                ledger.entries.get(new LedgerKey("t", "p", 0)).state());
    }

    @Test
    void shouldRefuseAwaitWhenClosed() {
        InsertPipeline pipeline = pipeline(recording(), 2);
        pipeline.close();
        assertThrows(IllegalStateException.class, pipeline::awaitAll);
        assertThrows(IllegalStateException.class, () -> pipeline.submit(TestBlocks.range("t", "p", 0, 0, 1)));
    }

    private static void submitQuietly(InsertPipeline pipeline, Block block) {
        try {
            pipeline.submit(block);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(InsertPipeline pipeline) {
        try {
            pipeline.awaitAll();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private InsertPipeline deferring(long landedDelayMillis, AtomicInteger transactions) {
        return deferring(table -> landedDelayMillis, transactions);
    }

    private InsertPipeline deferring(ToLongFunction<String> landedDelayMillis, AtomicInteger transactions) {
        BlockInserter inserter = new BlockInserter(recording(), RetryPolicy.defaults(), new MockTime(),
                () -> { }, InsertFaults.NONE);
        PipelineListener listener = new PipelineListener() {
            @Override
            public void onLanded(Block block, InsertResult result, long latencyNanos) {
                landed.add(result);
            }

            @Override
            public void onLedgerTransaction() {
                transactions.incrementAndGet();
            }
        };
        return new InsertPipeline(ledger, inserter, executor, 2, (block, bad) -> List.of(), listener,
                InsertFaults.NONE, landedDelayMillis);
    }

    @Test
    void shouldWriteALandedWithTheNextIntentWhenTheKeysNextBlockFollows() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = deferring(60_000, transactions);
        Block first = TestBlocks.range("t", "p", 0, 0, 3);
        Block second = TestBlocks.range("t", "p", 0, 3, 3);
        pipeline.submit(first);
        pipeline.awaitAll();
        pipeline.submit(second);
        pipeline.awaitAll();

        assertEquals(List.of("intent:" + first.token(), "insert:" + first.token(), "landed:" + first.token(),
                "intent:" + second.token(), "insert:" + second.token()), events);
        assertEquals(2, transactions.get(), "one ledger transaction per block");
        assertEquals(2, landed.size(), "both are in ClickHouse");
    }

    /** Group commit: a ledger call whose entries went in another call's transaction committed none itself. */
    @Test
    void shouldCountOnlyTransactionsTheLedgerCallsCommittedWhenTheirWritesWereGrouped() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = deferring(60_000, transactions);
        pipeline.submit(TestBlocks.range("t", "p", 0, 0, 3));
        pipeline.awaitAll();
        ledger.transactionsPerWrite = 0;
        pipeline.submit(TestBlocks.range("t", "p", 0, 3, 3));
        pipeline.submit(TestBlocks.range("t2", "p", 0, 0, 3));
        pipeline.awaitAll();

        assertEquals(1, transactions.get(), "only the first block's INTENT led a transaction");
        assertEquals(3, landed.size());
    }

    @Test
    void shouldWriteAnIdleKeysLandedAloneWhenTheDelayPassed() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = deferring(0, transactions);
        Block only = TestBlocks.range("t", "p", 0, 0, 3);
        pipeline.submit(only);
        pipeline.awaitAll();
        assertEquals("insert:" + only.token(), events.get(events.size() - 1), "LANDED waits for a next block");

        pipeline.flushIdleLanded();
        pipeline.awaitAll();
        assertEquals("landed:" + only.token(), events.get(events.size() - 1));
        assertEquals(2, transactions.get());
    }

    @Test
    void shouldWriteEveryDeferredLandedWhenFlushedAtClose() throws Exception {
        InsertPipeline pipeline = deferring(60_000, new java.util.concurrent.atomic.AtomicInteger());
        Block a = TestBlocks.range("t", "p", 0, 0, 3);
        Block b = TestBlocks.range("u", "p", 1, 0, 3);
        pipeline.submit(a);
        pipeline.submit(b);
        pipeline.awaitAll();
        pipeline.flushIdleLanded();
        pipeline.awaitAll();
        assertTrue(!events.contains("landed:" + a.token()), "not idle long enough");

        pipeline.flushLanded(Duration.ofSeconds(10));
        assertTrue(events.contains("landed:" + a.token()));
        assertTrue(events.contains("landed:" + b.token()));
    }

    @Test
    void shouldKeepALandedDeferredWhenItsTablesDelayHasNotPassed() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = deferring(table -> table.equals("slow") ? 60_000L : 0L, transactions);
        Block slow = TestBlocks.range("slow", "p", 0, 0, 3);
        Block quick = TestBlocks.range("quick", "p", 0, 0, 3);
        pipeline.submit(slow);
        pipeline.submit(quick);
        pipeline.awaitAll();

        pipeline.flushIdleLanded();
        pipeline.awaitAll();
        assertTrue(events.contains("landed:" + quick.token()), "its table's delay passed");
        assertTrue(!events.contains("landed:" + slow.token()), "its table's (grown) delay has not");
        assertEquals(3, transactions.get());
    }
}
