package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockLimits;
import io.chute.block.MemoryBudget;
import io.chute.block.TestBlocks;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.Backoff;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.sink.BlockInserter;
import io.chute.sink.FakeWriter;
import io.chute.sink.InsertFaults;
import io.chute.state.LedgerCodec;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;

/** One stream thread's commits under grouped inserts, with Streams' producer mocked and inserts run in place. */
class GroupedInsertsTest {
    private final FakeWriter writer = new FakeWriter();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final ConsumerGroupMetadata metadata = new ConsumerGroupMetadata("app");
    private final GroupedInserts groups = new GroupedInserts("ledger", new BlockInserter(writer,
            new RetryPolicy(new Backoff(1, 1, Backoff.Jitter.NONE), 0), new MockTime(), () -> { },
            InsertFaults.NONE), table -> this::insert, (block, bad) -> List.of(),
            new ChuteMetrics(new SimpleMeterRegistry()), BlockLimits.defaults(), () -> 42L, InsertFaults.NONE,
            new ProcessingPause(MemoryBudget.unbounded(), new ChuteMetrics(new SimpleMeterRegistry()), () -> 0L));

    /** Inserts wait here while set: their groups are still inserting at the next commit. */
    private boolean deferInserts;
    private final ConcurrentLinkedDeque<Runnable> deferred = new ConcurrentLinkedDeque<>();

    private void insert(Runnable insert) {
        if (deferInserts) {
            deferred.add(insert);
        } else {
            insert.run();
        }
    }

    @BeforeEach
    void beginTransaction() {
        producer.initTransactions();
        producer.beginTransaction();
    }

    private List<ProducerRecord<byte[], byte[]>> commit(Set<Integer> owned) throws InterruptedException {
        int before = producer.history().size();
        groups.beforeCommit(producer, metadata, owned, Map.of());
        producer.commitTransaction();
        groups.afterCommit();
        producer.beginTransaction();
        return producer.history().subList(before, producer.history().size());
    }

    private static LedgerEntry entry(ProducerRecord<byte[], byte[]> record) {
        return LedgerCodec.decode(record.value());
    }

    @Test
    void shouldSendGroupedEntriesThenInsertAfterTheCommitThenLandedAtTheNextWhenLanesClose() throws Exception {
        CompletableFuture<Void> p0 = groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        CompletableFuture<Void> p1 = groups.add(TestBlocks.range("t", "o", 1, 10, 2));

        List<ProducerRecord<byte[], byte[]>> first = commit(Set.of(0, 1));

        assertEquals(2, first.size());
        assertEquals(LedgerState.GROUPED, entry(first.get(0)).state());
        assertNotNull(entry(first.get(0)).group().members(), "the anchor lists the members");
        assertNull(entry(first.get(1)).group().members());
        assertEquals(List.of(entry(first.get(0)).token()), writer.landedTokens, "one INSERT for both lanes");
        assertTrue(p0.isDone() && !p0.isCompletedExceptionally() && p1.isDone());

        groups.add(TestBlocks.range("t", "o", 0, 3, 1));
        List<ProducerRecord<byte[], byte[]>> second = commit(Set.of(0, 1));

        assertEquals(2, second.size());
        assertEquals(new LedgerKey("t", "o", 0), LedgerKey.decode(second.get(0).key()));
        assertEquals(LedgerState.GROUPED, entry(second.get(0)).state(), "lane 0's new group supersedes its LANDED");
        assertEquals(new LedgerKey("t", "o", 1), LedgerKey.decode(second.get(1).key()));
        assertEquals(LedgerState.LANDED, entry(second.get(1)).state());
    }

    @Test
    void shouldNeverInsertNorLandWhatAnAbortedCommitCut() throws Exception {
        CompletableFuture<Void> block = groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        groups.beforeCommit(producer, metadata, Set.of(0), Map.of());
        groups.aborted();
        groups.afterCommit();

        assertTrue(block.isCompletedExceptionally());
        assertTrue(writer.attemptedTokens.isEmpty());
        producer.abortTransaction();
        producer.beginTransaction();
        assertTrue(commit(Set.of(0)).isEmpty(), "nothing left to write");
    }

    @Test
    void shouldWriteNoLandedOfAPartitionThisThreadNoLongerOwns() throws Exception {
        groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        groups.add(TestBlocks.range("t", "o", 1, 0, 3));
        commit(Set.of(0, 1));

        List<ProducerRecord<byte[], byte[]>> next = commit(Set.of(1));

        assertEquals(1, next.size());
        assertEquals(new LedgerKey("t", "o", 1), LedgerKey.decode(next.get(0).key()));
    }

    @Test
    void shouldDropAClosedTasksBlocksThatNoCommitTook() throws Exception {
        CompletableFuture<Void> dropped = groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        groups.add(TestBlocks.range("t", "o", 1, 0, 3));
        groups.dropPartition(0);

        List<ProducerRecord<byte[], byte[]>> records = commit(Set.of(1));

        assertTrue(dropped.isCompletedExceptionally());
        assertEquals(1, records.size());
        assertEquals(new LedgerKey("t", "o", 1), LedgerKey.decode(records.get(0).key()));
    }

    @Test
    void shouldHoldALaneWhoseGroupIsStillInsertingAndCutItOnceTheGroupLanded() throws Exception {
        deferInserts = true;
        groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        commit(Set.of(0, 1));
        CompletableFuture<Void> waiting = groups.add(TestBlocks.range("t", "o", 0, 3, 2));
        groups.add(TestBlocks.range("t", "o", 1, 0, 4));

        int before = producer.history().size();
        GroupCut.Cut cut = groups.beforeCommit(producer, metadata, Set.of(0, 1), Map.of());

        assertEquals(1, cut.groups().size(), "only lane 1: lane 0's group is still inserting");
        assertEquals(1, cut.groups().get(0).members().size());
        assertEquals(Map.of(new TopicPartition("o", 0), 3L), cut.held(), "partition 0 held at its waiting block");
        producer.commitTransaction();
        List<ProducerRecord<byte[], byte[]>> sent = producer.history().subList(before, producer.history().size());
        assertEquals(List.of(new LedgerKey("t", "o", 1)), sent.stream().map(r -> LedgerKey.decode(r.key())).toList(),
                "lane 0's GROUPED entry stays until its group landed");
        groups.afterCommit();
        producer.beginTransaction();
        assertFalse(waiting.isDone());

        deferInserts = false;
        deferred.forEach(Runnable::run);
        deferred.clear();
        List<ProducerRecord<byte[], byte[]>> third = commit(Set.of(0, 1));

        assertTrue(waiting.isDone() && !waiting.isCompletedExceptionally(), "lane 0's block landed in a group");
        LedgerEntry lane0 = third.stream().filter(r -> LedgerKey.decode(r.key()).partition() == 0)
                .map(GroupedInsertsTest::entry).findFirst().orElseThrow();
        assertEquals(LedgerState.GROUPED, lane0.state());
        assertEquals(3, lane0.firstOffset());
    }

    @Test
    void shouldWaitForTheGroupInsteadOfHoldingWhenARecordAfterTheHoldWasDeadLettered() throws Exception {
        GroupCut.Cut cut = commitWhileTheLastGroupInserts(() -> { }, Map.of(new TopicPartition("o", 0), 5L));

        assertEquals(1, cut.groups().size(), "the lane is cut once its group landed");
        assertEquals(Map.of(), cut.held(), "not held below the dead-lettered offset 5");
    }

    @Test
    void shouldCutEveryLaneAtACommitMemoryPressureAskedFor() throws Exception {
        GroupCut.Cut cut = commitWhileTheLastGroupInserts(groups::cutAllAtNextCommit, Map.of());

        assertEquals(1, cut.groups().size());
        assertEquals(Map.of(), cut.held());
    }

    @Test
    void shouldCountAPartitionUnsettledUntilTheCommitAfterItsGroupLandedWroteItsLanded() throws Exception {
        deferInserts = true;
        groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        assertTrue(groups.unsettled(0), "a block waits for a commit");
        assertFalse(groups.unsettled(1));
        commit(Set.of(0));
        assertTrue(groups.unsettled(0), "its group inserts");
        deferred.poll().run();
        assertTrue(groups.unsettled(0), "landed, its LANDED entry not yet written");

        List<ProducerRecord<byte[], byte[]>> next = commit(Set.of(0));

        assertEquals(LedgerState.LANDED, entry(next.get(0)).state());
        assertFalse(groups.unsettled(0));
    }

    /**
     * Lane 0 of partition 0: a group cut and left inserting, a block after it, then {@code meanwhile}; the cut of the
     * next commit, which is told of {@code deadLetters}. The group lands 200 ms into that commit, on another thread: a commit that held the lane instead of
     * waiting would return before it landed, and cut nothing.
     */
    private GroupCut.Cut commitWhileTheLastGroupInserts(Runnable meanwhile, Map<TopicPartition, Long> deadLetters)
            throws Exception {
        deferInserts = true;
        groups.add(TestBlocks.range("t", "o", 0, 0, 3));
        commit(Set.of(0));
        groups.add(TestBlocks.range("t", "o", 0, 3, 2));
        meanwhile.run();
        Thread inserter = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            deferred.poll().run();
        });
        inserter.start();
        GroupCut.Cut cut = groups.beforeCommit(producer, metadata, Set.of(0), deadLetters);
        inserter.join();
        return cut;
    }
}
