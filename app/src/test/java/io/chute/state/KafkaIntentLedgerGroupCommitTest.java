package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockId;

/**
 * Group commit of the ledger (issue 10): a first call's commit is held, so later calls of other keys queue behind
 * it and go in the next transaction together.
 */
class KafkaIntentLedgerGroupCommitTest {

    private static final String TOPIC = "app-chute-ledger";

    private final HeldProducer producer = new HeldProducer();
    private final KafkaIntentLedger ledger = new KafkaIntentLedger(TOPIC, producer, () -> new MockConsumer<>("earliest"),
            Duration.ofSeconds(5), (partitions, timeout) -> Map.of(), () -> 42L);
    private final List<Thread> threads = new ArrayList<>();

    /** Commits each transaction's records as one list; holds the first commit after {@link #holdNextCommit}. */
    private static final class HeldProducer extends MockProducer<byte[], byte[]> {
        final List<List<ProducerRecord<byte[], byte[]>>> transactions = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean hold;

        HeldProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        void holdNextCommit() {
            hold = true;
        }

        @Override
        public void commitTransaction() {
            if (hold) {
                hold = false;
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<ProducerRecord<byte[], byte[]>> records = uncommittedRecords();
            super.commitTransaction();
            transactions.add(records);
        }
    }

    @BeforeEach
    void open() {
        producer.initTransactions(); // what open() does first; the ledger read is KafkaIntentLedgerTest's
    }

    @AfterEach
    void stop() throws InterruptedException {
        producer.release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    private static BlockId block(String table, long first) {
        return new BlockId("ns", table, "orders", 0, first, first + 9);
    }

    /** Starts {@code call} on its own thread. */
    private FutureTask<Integer> start(Callable<Integer> call) {
        FutureTask<Integer> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "writer-" + threads.size());
        threads.add(thread);
        thread.start();
        return task;
    }

    /** Waits until the last started caller parks: the lock is free meanwhile, so it waits for a transaction. */
    private void awaitQueued() throws InterruptedException {
        Thread thread = threads.get(threads.size() - 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, thread.getName() + " never queued");
            Thread.sleep(2);
        }
    }

    /** A first call holds its commit; two calls of other keys queue behind it: returns their futures. */
    private List<FutureTask<Integer>> twoCallsQueuedBehindAHeldOne(List<ProducerRecord<byte[], byte[]>> deadLetters)
            throws Exception {
        int committed = producer.transactions.size();
        producer.holdNextCommit();
        FutureTask<Integer> first = start(() -> ledger.intent(block("a", 10), 10));
        assertTrue(producer.holding.await(30, TimeUnit.SECONDS));
        FutureTask<Integer> second = start(() -> ledger.landedThenIntent(block("b", 0), deadLetters, block("b", 10),
                6));
        awaitQueued();
        FutureTask<Integer> third = start(() -> ledger.intent(block("c", 10), 7));
        awaitQueued();
        assertEquals(committed, producer.transactions.size(), "nothing committed while the first commit is held");
        return List.of(first, second, third);
    }

    private static String describe(ProducerRecord<byte[], byte[]> record) {
        if (!record.topic().equals(TOPIC)) {
            return record.topic() + ":" + new String(record.value());
        }
        LedgerEntry entry = LedgerCodec.decode(record.value());
        return LedgerKey.decode(record.key()).table() + ":" + entry.state() + "@" + entry.firstOffset() + "/"
                + entry.rows();
    }

    private List<List<String>> transactions() {
        List<List<String>> described = new ArrayList<>();
        for (List<ProducerRecord<byte[], byte[]>> records : producer.transactions) {
            described.add(records.stream().map(KafkaIntentLedgerGroupCommitTest::describe).toList());
        }
        return described;
    }

    private static Throwable failureOf(FutureTask<Integer> task) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> task.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void shouldCommitAtOnceWhenALoneCallerWrites() {
        assertEquals(1, ledger.intent(block("a", 0), 10), "a lone caller commits its own transaction");

        assertEquals(List.of(List.of("a:INTENT@0/10")), transactions(), "committed when the call returned");
    }

    @Test
    void shouldShareOneTransactionWhenCallsOfSeveralKeysOverlap() throws Exception {
        ledger.intent(block("b", 0), 5); // b's INTENT before the batch: its LANDED repeats the 5 rows
        List<ProducerRecord<byte[], byte[]>> deadLetters = List.of(new ProducerRecord<>("dlq", "bad".getBytes()));
        List<FutureTask<Integer>> calls = twoCallsQueuedBehindAHeldOne(deadLetters);

        producer.release.countDown();

        assertEquals(1, calls.get(0).get(30, TimeUnit.SECONDS), "the first call led its own transaction");
        assertEquals(1, calls.get(1).get(30, TimeUnit.SECONDS), "the oldest queued call led the shared one");
        assertEquals(0, calls.get(2).get(30, TimeUnit.SECONDS), "the other rode in it");
        assertEquals(List.of(List.of("b:INTENT@0/5"), List.of("a:INTENT@10/10"),
                List.of("b:LANDED@0/5", "b:INTENT@10/6", "dlq:bad", "c:INTENT@10/7")), transactions(),
                "one transaction for both queued calls, each call's records in its order, calls in queue order");
        assertEquals(3, producer.commitCount());
    }

    @Test
    void shouldFailEveryCallerOfTheBatchAndLaterCallsWhenFenced() throws Exception {
        List<FutureTask<Integer>> calls = twoCallsQueuedBehindAHeldOne(List.of());
        producer.beginTransactionException = new ProducerFencedException("a newer owner opened the ledger");

        producer.release.countDown();

        assertEquals(1, calls.get(0).get(30, TimeUnit.SECONDS), "its transaction began before the fencing");
        Throwable second = failureOf(calls.get(1));
        assertInstanceOf(LedgerFencedException.class, second);
        assertSame(second, failureOf(calls.get(2)), "the batch's one failure, for each of its callers");
        assertThrows(LedgerFencedException.class, () -> ledger.intent(block("d", 0), 1));
        assertEquals(1, producer.commitCount(), "nothing after the fencing was committed");
    }

    @Test
    void shouldAbortAndFailEveryCallerOfTheBatchWhenASendFails() throws Exception {
        List<FutureTask<Integer>> calls = twoCallsQueuedBehindAHeldOne(List.of());
        producer.sendException = new KafkaException("broker gone");

        producer.release.countDown();

        assertEquals(1, calls.get(0).get(30, TimeUnit.SECONDS));
        Throwable second = failureOf(calls.get(1));
        assertInstanceOf(LedgerException.class, second);
        assertSame(second, failureOf(calls.get(2)));
        assertTrue(producer.transactionAborted(), "the shared transaction was aborted");
        assertEquals(List.of(List.of("a:INTENT@10/10")), transactions());
    }

    /** Many writers at once: every entry committed once, each key's in order, and the returns count transactions. */
    @Test
    void shouldCountEveryTransactionOnceWhenManyKeysWriteConcurrently() throws Exception {
        int keys = 8;
        int blocksPerKey = 200;
        List<FutureTask<Integer>> writers = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String table = "t" + k;
            writers.add(start(() -> {
                int led = ledger.intent(block(table, 0), 10);
                for (int b = 1; b < blocksPerKey; b++) {
                    led += ledger.landedThenIntent(block(table, (b - 1) * 10L), List.of(), block(table, b * 10L), 10);
                }
                return led;
            }));
        }
        int led = 0;
        for (FutureTask<Integer> writer : writers) {
            led += writer.get(60, TimeUnit.SECONDS);
        }

        assertEquals(producer.commitCount(), led, "one leader per transaction");
        for (int k = 0; k < keys; k++) {
            String table = "t" + k;
            List<String> ofKey = transactions().stream().flatMap(List::stream)
                    .filter(r -> r.startsWith(table + ":")).toList();
            List<String> expected = new ArrayList<>(List.of(table + ":INTENT@0/10"));
            for (int b = 1; b < blocksPerKey; b++) {
                expected.addAll(List.of(table + ":LANDED@" + (b - 1) * 10 + "/10", table + ":INTENT@" + b * 10 + "/10"));
            }
            assertEquals(expected, ofKey, "every entry of " + table + " once, in order, with its INTENT's rows");
        }
    }

    @Test
    void shouldSplitTheQueuedCallsWhenTheirRecordsPassTheByteBound() throws Exception {
        byte[] large = new byte[(int) GroupCommit.MAX_BYTES]; // over the bound alone: it still goes, alone
        List<FutureTask<Integer>> calls = twoCallsQueuedBehindAHeldOne(List.of(new ProducerRecord<>("dlq", large)));
        producer.release.countDown();

        for (FutureTask<Integer> call : calls) {
            assertEquals(1, call.get(30, TimeUnit.SECONDS), "each call led its own transaction");
        }
        assertEquals(3, producer.commitCount(), "the large call and the next one would pass the bound together");
        assertEquals(List.of("b:LANDED@0/-1", "b:INTENT@10/6", "dlq:" + new String(large)),
                transactions().get(1));
    }
}
