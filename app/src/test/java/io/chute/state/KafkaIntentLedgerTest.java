package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockId;
import io.chute.block.TestBlocks;
import io.chute.retry.RetryPolicy;
import io.chute.sink.BlockInserter;
import io.chute.sink.InsertFaults;
import io.chute.sink.InsertPipeline;
import io.chute.sink.PipelineListener;

class KafkaIntentLedgerTest {

    private static final String TOPIC = "app-chute-ledger";
    private static final TopicPartition L0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition L1 = new TopicPartition(TOPIC, 1);

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    /** The ledger topic's high watermarks (what {@link HighWatermarks} would return). */
    private final Map<TopicPartition, Long> highWatermarks = new HashMap<>();
    private final KafkaIntentLedger ledger = new KafkaIntentLedger(TOPIC, producer, this::newConsumer, Duration.ofSeconds(5),
            (partitions, timeout) -> highWatermarks, () -> 42L);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private int consumersMade;

    private MockConsumer<byte[], byte[]> newConsumer() {
        consumersMade++;
        return consumer;
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private void ledgerTopicWith(List<ConsumerRecord<byte[], byte[]>> records, long end0, long end1) {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, null, null),
                new PartitionInfo(TOPIC, 1, node, null, null)));
        consumer.updateBeginningOffsets(Map.of(L0, 0L, L1, 0L));
        consumer.updateEndOffsets(Map.of(L0, end0, L1, end1));
        highWatermarks.putAll(Map.of(L0, end0, L1, end1));
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, LedgerKey key, LedgerEntry e) {
        return new ConsumerRecord<>(TOPIC, partition, offset, key.encode(), e == null ? null : LedgerCodec.encode(e));
    }

    /**
     * Another task's transaction open at offset 1 of the ledger partition holds the last stable offset (a
     * read_committed consumer's end offset) at 1; this task's LANDED, committed after it at offset 3, must still be
     * read: the read goes on until the high watermark.
     */
    @Test
    void shouldReadEntriesCommittedAfterAnOpenTransactionWhenOpened() {
        LedgerKey a = new LedgerKey("t", "orders", 0);
        LedgerEntry intent = new LedgerEntry(LedgerState.INTENT, 10, 19, 10, "tok-a", 1);
        LedgerEntry landed = new LedgerEntry(LedgerState.LANDED, 10, 19, 10, "tok-a", 2);
        ledgerTopicWith(List.of(record(0, 0, a, intent)), 1, 0);
        highWatermarks.put(L0, 4L);
        // the open transaction ends (its records at 1 and 2 aborted, or another key's): the LANDED becomes readable
        consumer.schedulePollTask(() -> consumer.addRecord(record(0, 3, a, landed)));

        Map<LedgerKey, LedgerEntry> open = ledger.open(List.of(new TopicPartition("orders", 0)));

        assertEquals(Map.of(a, landed), open);
    }

    @Test
    void shouldFenceThenReturnNewestEntriesWhenOpened() {
        LedgerKey a = new LedgerKey("t", "orders", 0);
        LedgerKey b = new LedgerKey("t2", "orders", 0);
        LedgerKey other = new LedgerKey("t", "orders", 7);
        LedgerKey gone = new LedgerKey("t", "orders", 1);
        LedgerEntry intent = new LedgerEntry(LedgerState.INTENT, 10, 19, 10, "tok-a", 1);
        LedgerEntry landed = new LedgerEntry(LedgerState.LANDED, 10, 19, 10, "tok-a", 2);
        LedgerEntry bIntent = new LedgerEntry(LedgerState.INTENT, 0, 4, 5, "tok-b", 3);
        ledgerTopicWith(List.of(record(0, 0, a, intent), record(0, 1, a, landed), record(0, 2, gone, intent),
                record(0, 3, gone, null), record(1, 0, b, bIntent), record(1, 1, other, landed)), 4, 2);

        Map<LedgerKey, LedgerEntry> open = ledger.open(List.of(new TopicPartition("orders", 0),
                new TopicPartition("orders", 1)));

        assertTrue(producer.transactionInitialized(), "initTransactions fences the previous owner");
        assertEquals(Map.of(a, landed, b, bIntent), open);
    }

    /** A claim fences like open but reads nothing: the tasks of an assignment share one read (LedgerOpener). */
    @Test
    void shouldFenceWithoutMakingAConsumerWhenClaimed() {
        ledger.claim();

        assertTrue(producer.transactionInitialized(), "initTransactions fences the previous owner");
        assertEquals(0, consumersMade, "a claim reads nothing");
    }

    /** A ledger consumer is made for the read in open and closed there; none for a ledger closed unopened. */
    @Test
    void shouldMakeItsConsumerOnlyForTheReadWhenOpened() {
        ledgerTopicWith(List.of(), 0, 0);
        KafkaIntentLedger unopened = new KafkaIntentLedger(TOPIC, new MockProducer<>(), this::newConsumer,
                Duration.ofSeconds(5), (partitions, timeout) -> highWatermarks, () -> 42L);
        unopened.close();
        assertEquals(0, consumersMade, "no consumer before open");

        ledger.open(List.of(new TopicPartition("orders", 0)));

        assertEquals(1, consumersMade);
        assertTrue(consumer.closed(), "closed once the ledger is read");
    }

    @Test
    void shouldCommitIntentBeforeInsertAndLandedWithDeadLettersAfter() throws Exception {
        ledgerTopicWith(List.of(), 0, 0);
        ledger.open(List.of(new TopicPartition("orders", 0)));
        Block block = TestBlocks.range("t", "orders", 0, 100, 4);
        List<String> seenAtInsert = new ArrayList<>();
        BlockInserter inserter = new BlockInserter((b, queryId) -> {
            producer.history().forEach(r -> seenAtInsert.add(new String(r.value())));
            if (b.firstOffset() <= 102 && b.lastOffset() >= 102) {
                throw new com.clickhouse.client.api.ServerException(53, "type mismatch", 500, queryId);
            }
            return b.rowCount();
        }, RetryPolicy.defaults(), () -> { });
        InsertPipeline pipeline = new InsertPipeline(ledger, inserter, executor, 2,
                (b, bad) -> List.of(new ProducerRecord<>("dlq", b.rowBytes(bad.get(0).rowIndex()))),
                PipelineListener.NONE, InsertFaults.NONE);

        pipeline.submit(block);
        pipeline.awaitAll();

        assertTrue(seenAtInsert.get(0).contains("\"state\":\"INTENT\""), "intent committed before the insert");
        assertEquals(2, producer.commitCount(), "one transaction for intent, one for landed");
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertEquals(3, history.size());
        assertEquals(TOPIC, history.get(1).topic());
        assertEquals(new LedgerKey("t", "orders", 0), LedgerKey.decode(history.get(1).key()));
        LedgerEntry landedEntry = LedgerCodec.decode(history.get(1).value());
        assertEquals(new LedgerEntry(LedgerState.LANDED, 100, 103, 4, block.token(), 42), landedEntry);
        assertEquals("dlq", history.get(2).topic());
        assertEquals("r102;", new String(history.get(2).value()));
    }

    @Test
    void shouldThrowFencedWhenNewerOwnerTookOver() {
        ledgerTopicWith(List.of(), 0, 0);
        ledger.open(List.of());
        BlockId id = new BlockId("ns", "t", "orders", 0, 0, 9);
        ledger.intent(id, 10);
        producer.fenceProducer();
        assertThrows(LedgerFencedException.class, () -> ledger.landed(id, List.of()));
        assertThrows(LedgerFencedException.class, () -> ledger.intent(id, 10));
        assertEquals(1, producer.commitCount());
    }

    @Test
    void shouldStopTheTaskAsIfFencedWhenTheProducerFailsOnAnInvalidTransactionState() {
        ledgerTopicWith(List.of(), 0, 0);
        ledger.open(List.of());
        producer.commitTransactionException = new InvalidTxnStateException("invalid transaction state");
        BlockId id = new BlockId("ns", "t", "orders", 0, 0, 9);

        LedgerFencedException e = assertThrows(LedgerFencedException.class, () -> ledger.intent(id, 10));
        assertTrue(e.getMessage().contains("opened again"), e.getMessage());
        producer.commitTransactionException = null;
        assertThrows(LedgerFencedException.class, () -> ledger.intent(id, 10), "no further transaction begins");
        assertEquals(0, producer.commitCount());
        assertTrue(producer.history().isEmpty(), "nothing committed");
    }

    @Test
    void shouldAbortTransactionWhenCommitFails() {
        ledgerTopicWith(List.of(), 0, 0);
        ledger.open(List.of());
        producer.commitTransactionException = new org.apache.kafka.common.KafkaException("broker gone");
        assertThrows(LedgerException.class, () -> ledger.intent(new BlockId("ns", "t", "orders", 0, 0, 9), 10));
        assertTrue(producer.transactionAborted());
        assertFalse(producer.history().stream().anyMatch(r -> true), "nothing committed");
    }

    @Test
    void shouldFailOpenWhenLedgerTopicMissing() {
        assertThrows(LedgerException.class, () -> ledger.open(List.of()));
    }
}
