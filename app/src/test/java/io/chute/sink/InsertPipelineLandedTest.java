package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.TestBlocks;
import io.chute.dlq.DeadLetterEncoder;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.state.InMemoryIntentLedger;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;

/**
 * Issue 10, at most one ledger transaction per block: LANDEDs carried by the key's next INTENT, left unwritten below
 * the committed offset (DESIGN.md invariant 5), written at once with dead letters.
 */
class InsertPipelineLandedTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryIntentLedger ledger = new InMemoryIntentLedger(events);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private BlockWriter recording() {
        return (block, queryId) -> {
            events.add("insert:" + block.token());
            return block.rowCount();
        };
    }

    private static PipelineListener counting(AtomicInteger transactions) {
        return new PipelineListener() {
            @Override
            public void onLanded(Block block, InsertResult result, long latencyNanos) {
            }

            @Override
            public void onLedgerTransaction() {
                transactions.incrementAndGet();
            }
        };
    }

    private InsertPipeline deferring(ToLongFunction<String> landedDelayMillis, AtomicInteger transactions,
                                     ToLongFunction<LedgerKey> committedOffset, BlockWriter writer) {
        BlockInserter inserter = new BlockInserter(writer, RetryPolicy.defaults(), new MockTime(),
                () -> { }, InsertFaults.NONE);
        DeadLetterEncoder dlq = (block, bad) -> bad.stream()
                .map(b -> new ProducerRecord<byte[], byte[]>("dlq", block.rowBytes(b.rowIndex()))).toList();
        return new InsertPipeline(ledger, inserter, executor, 2, dlq, counting(transactions), InsertFaults.NONE,
                landedDelayMillis, committedOffset);
    }

    @Test
    void shouldLeaveAnIdleKeysLandedUnwrittenWhenACommitPassedItsBlock() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        Map<LedgerKey, Long> committed = new ConcurrentHashMap<>();
        InsertPipeline pipeline = deferring(table -> 0L, transactions, key -> committed.getOrDefault(key, -1L),
                recording());
        Block below = TestBlocks.range("t", "p", 0, 0, 3); // offsets 0..2
        Block straddling = TestBlocks.range("t", "p", 1, 0, 3);
        pipeline.submit(below);
        pipeline.submit(straddling);
        pipeline.awaitAll();
        committed.put(new LedgerKey("t", "p", 0), 3L); // the commit past offset 2 returned
        committed.put(new LedgerKey("t", "p", 1), 2L); // held at a row inside the block: it proves nothing

        pipeline.flushIdleLanded();
        pipeline.awaitAll();
        assertFalse(events.contains("landed:" + below.token()), "below the committed offset: landed, left unwritten");
        assertTrue(events.contains("landed:" + straddling.token()), "not below it: written alone as before");
        assertEquals(3, transactions.get(), "two INTENTs and one lone LANDED");
    }

    @Test
    void shouldKeepTheDelayALandedWasGivenWhenItsTablesLingerShrinksLater() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        AtomicLong delay = new AtomicLong(60_000);
        InsertPipeline pipeline = deferring(table -> delay.get(), transactions, key -> -1L, recording());
        Block block = TestBlocks.range("t", "p", 0, 0, 3);
        pipeline.submit(block);
        pipeline.awaitAll();
        delay.set(0); // the table's other lanes closed: its linger, so its delay, shrank

        pipeline.flushIdleLanded();
        pipeline.awaitAll();
        assertFalse(events.contains("landed:" + block.token()), "the next INTENT may still come within 60 s");
        assertEquals(1, transactions.get(), "the INTENT only");
    }

    @Test
    void shouldWriteOneTransactionPerBlockAndEveryLandedAtCloseWhenTheTaskClosesAfterACommit() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = deferring(table -> 60_000L, transactions, key -> 100L, recording());
        for (int i = 0; i < 3; i++) {
            pipeline.submit(TestBlocks.range("t", "p", 0, i * 10, 10));
            pipeline.submit(TestBlocks.range("u", "p", 0, i * 10, 10));
            pipeline.awaitAll();
        }
        pipeline.flushLanded(Duration.ofSeconds(10)); // clean close after the final commit

        assertEquals(6 + 2, transactions.get(), "one ledger transaction per block, one per key at close");
        assertEquals(LedgerState.LANDED, ledger.entries.get(new LedgerKey("t", "p", 0)).state(),
                "a cleanly closed task leaves a ledger that needs no committed offset (a new application id)");
    }

    @Test
    void shouldWriteALandedAtOnceWhenItsBlockHasDeadLetters() throws Exception {
        FakeWriter fake = new FakeWriter();
        fake.badOffsets.add(1L);
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = deferring(table -> 60_000L, transactions, key -> 100L, fake);
        Block block = TestBlocks.range("t", "p", 0, 0, 3);
        pipeline.submit(block);
        pipeline.awaitAll();

        assertEquals("landed:" + block.token(), events.get(events.size() - 1),
                "dead letters neither wait for a next block nor are dropped with an unwritten LANDED");
        assertEquals(1, ledger.extraRecords.size());
        pipeline.flushLanded(Duration.ofSeconds(10));
        assertEquals(2, transactions.get());
    }

    @Test
    void shouldLeaveTheNextBlocksLandedPendingWhenAnIdleLandedWasQueuedBehindIt() throws Exception {
        Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
        AtomicInteger transactions = new AtomicInteger();
        InsertPipeline pipeline = new InsertPipeline(ledger, new BlockInserter(recording(), RetryPolicy.defaults(),
                new MockTime(), () -> { }, InsertFaults.NONE), queued::add, 2, (block, bad) -> List.of(),
                counting(transactions), InsertFaults.NONE, table -> 0L, key -> -1L);
        Block first = TestBlocks.range("t", "p", 0, 0, 3);
        Block second = TestBlocks.range("t", "p", 0, 3, 3);
        pipeline.submit(first);
        runAll(queued);
        pipeline.submit(second); // queued, not started: the first block's LANDED still looks idle
        pipeline.flushIdleLanded();
        runAll(queued);
        pipeline.awaitAll();

        assertEquals(List.of("intent:" + first.token(), "insert:" + first.token(), "landed:" + first.token(),
                "intent:" + second.token(), "insert:" + second.token()), events,
                "the second block carried the first LANDED; its own waits for its next INTENT");
        assertEquals(2, transactions.get(), "one ledger transaction per block");
    }

    private static void runAll(Queue<Runnable> queued) {
        for (Runnable task; (task = queued.poll()) != null; ) {
            task.run();
        }
    }
}
