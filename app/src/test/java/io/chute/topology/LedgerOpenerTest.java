package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockId;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;

class LedgerOpenerTest {
    private static final List<String> TOPICS = List.of("a", "b");

    /** A ledger whose claim runs the given step (e.g. waits for others), and which records its claim and close. */
    private static final class FakeLedger implements IntentLedger {
        final Runnable onClaim;
        final AtomicBoolean claimed = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();

        FakeLedger(Runnable onClaim) {
            this.onClaim = onClaim;
        }

        @Override
        public Map<LedgerKey, LedgerEntry> open(Collection<TopicPartition> inputs) {
            throw new AssertionError("the opener claims and reads; open() reads alone");
        }

        @Override
        public void claim() {
            onClaim.run();
            claimed.set(true);
        }

        @Override
        public int intent(BlockId id, int rows) {
            return 1;
        }

        @Override
        public int landed(BlockId id, List<ProducerRecord<byte[], byte[]>> extraRecords) {
            return 1;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** The ledger created last for each task id. */
    private final Map<String, FakeLedger> created = new ConcurrentHashMap<>();
    /** What the whole ledger holds: every task's keys. */
    private final Map<LedgerKey, LedgerEntry> ledgerTopic = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    /** Per read: how many created ledgers had been claimed when it started. */
    private final List<Integer> claimedAtRead = new CopyOnWriteArrayList<>();
    private volatile RuntimeException readFailure;
    /** The task id whose claim fails, if any. */
    private volatile String failingClaim;

    private LedgerOpener opener(Runnable onClaim) {
        return opener(onClaim, LedgerOpener.CLOSE_WAIT);
    }

    private LedgerOpener opener(Runnable onClaim, Duration closeWait) {
        return new LedgerOpener(taskId -> {
            FakeLedger ledger = new FakeLedger(() -> {
                if (taskId.equals(failingClaim)) {
                    throw new IllegalStateException("claim of " + taskId + " timed out");
                }
                onClaim.run();
            });
            created.put(taskId, ledger);
            return ledger;
        }, () -> {
            reads.incrementAndGet();
            claimedAtRead.add((int) created.values().stream().filter(l -> l.claimed.get()).count());
            if (readFailure != null) {
                throw readFailure;
            }
            return Map.copyOf(ledgerTopic);
        }, TOPICS, closeWait);
    }

    private static LedgerEntry intentOf(String topic, int partition) {
        return LedgerEntry.of(LedgerState.INTENT, new BlockId("ns", "t", topic, partition, 10, 19), 10, 0);
    }

    /** An open step that says it started, then waits for release (10 s at most) and records an interruption. */
    private static Runnable blockingOpen(CountDownLatch started, CountDownLatch release, AtomicBoolean interrupted) {
        return () -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new IllegalStateException("open interrupted", e); // as Kafka's InterruptException would
            }
        };
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(condition.getAsBoolean());
    }

    private static List<TopicPartition> partitions(int... numbers) {
        return Arrays.stream(numbers).boxed().flatMap(p -> TOPICS.stream()
                .map(t -> new TopicPartition(t, p))).toList();
    }

    @Test
    void shouldOpenTheNewTasksLedgersTogetherWhenPartitionsAreAssigned() {
        CyclicBarrier allAtOnce = new CyclicBarrier(4); // passes only if four opens run at the same time
        try (LedgerOpener opener = opener(() -> {
            try {
                allAtOnce.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("opens ran one after the other", e);
            }
        })) {
            opener.assigned(partitions(0, 1, 2, 3));
            for (int p = 0; p < 4; p++) {
                LedgerOpener.Opened opened = opener.take(new TaskId(0, p));
                assertSame(created.get("0_" + p), opened.ledger());
            }
        }
    }

    @Test
    void shouldReadTheLedgerOnceAfterEveryClaimWhenAnAssignmentBringsManyTasks() {
        try (LedgerOpener opener = opener(() -> { })) {
            opener.assigned(partitions(0, 1, 2, 3, 4, 5, 6, 7));
            for (int p = 0; p < 8; p++) {
                opener.take(new TaskId(0, p));
            }
            assertEquals(1, reads.get(), "one read of the ledger for the eight tasks of one assignment");
            assertEquals(List.of(8), claimedAtRead, "the read started after every task of the batch had claimed");
        }
    }

    @Test
    void shouldGiveEachTaskTheEntriesOfItsOwnPartitionsWhenTheReadIsShared() {
        for (String topic : TOPICS) {
            for (int p = 0; p < 3; p++) {
                ledgerTopic.put(new LedgerKey("t", topic, p), intentOf(topic, p));
            }
        }
        ledgerTopic.put(new LedgerKey("t", "other", 2), intentOf("other", 2));
        try (LedgerOpener opener = opener(() -> { })) {
            opener.assigned(partitions(1, 2));
            Map<LedgerKey, LedgerEntry> entries = opener.take(new TaskId(0, 2)).entries();
            assertEquals(Map.of(new LedgerKey("t", "a", 2), intentOf("a", 2), new LedgerKey("t", "b", 2),
                    intentOf("b", 2)), entries, "partition 2 of every source topic, nothing else");
            assertEquals(Set.of(new LedgerKey("t", "a", 1), new LedgerKey("t", "b", 1)),
                    opener.take(new TaskId(0, 1)).entries().keySet());
        }
    }

    @Test
    void shouldCloseEveryClaimedLedgerAndThrowTheReadsErrorWhenTheSharedReadFails() {
        readFailure = new IllegalStateException("ledger topic unreadable");
        try (LedgerOpener opener = opener(() -> { })) {
            opener.assigned(partitions(0, 1));
            for (int p = 0; p < 2; p++) {
                TaskId taskId = new TaskId(0, p);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> opener.take(taskId));
                assertEquals("ledger topic unreadable", e.getMessage());
                assertTrue(created.get("0_" + p).closed.get(), "a claimed ledger of a failed read leaked");
            }
        }
    }

    @Test
    void shouldStillOpenTheOtherTasksWhenOneClaimOfTheBatchFails() {
        failingClaim = "0_1";
        try (LedgerOpener opener = opener(() -> { })) {
            opener.assigned(partitions(0, 1, 2));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> opener.take(new TaskId(0, 1)));
            assertEquals("claim of 0_1 timed out", e.getMessage());
            assertTrue(created.get("0_1").closed.get());
            assertSame(created.get("0_0"), opener.take(new TaskId(0, 0)).ledger());
            assertSame(created.get("0_2"), opener.take(new TaskId(0, 2)).ledger());
            assertEquals(1, reads.get());
        }
    }

    @Test
    void shouldOpenOnTheCallersThreadWhenNothingWasPrefetched() {
        try (LedgerOpener opener = opener(() -> { })) {
            LedgerOpener.Opened opened = opener.take(new TaskId(0, 7));
            assertSame(created.get("0_7"), opened.ledger());
        }
    }

    @Test
    void shouldCloseAPrefetchedLedgerWhenItsPartitionsAreRevokedBeforeTheTaskStarts() throws Exception {
        try (LedgerOpener opener = opener(() -> { })) {
            opener.assigned(partitions(5));
            opener.revoked(partitions(5));
            awaitTrue(() -> created.containsKey("0_5") && created.get("0_5").closed.get());
            FakeLedger prefetched = created.get("0_5");
            LedgerOpener.Opened again = opener.take(new TaskId(0, 5));
            assertFalse(again.ledger() == prefetched, "a later task of the partition opens a ledger of its own");
            assertFalse(created.get("0_5").closed.get());
        }
    }

    @Test
    void shouldThrowTheOpeningErrorAndCloseTheLedgerWhenOpeningFailed() {
        try (LedgerOpener opener = opener(() -> {
            throw new IllegalStateException("broker unreachable");
        })) {
            opener.assigned(partitions(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> opener.take(new TaskId(0, 1)));
            assertEquals(0, reads.get(), "nothing claimed: nothing to read for");
            assertEquals("broker unreachable", e.getMessage());
            assertTrue(created.get("0_1").closed.get());
        }
    }

    @Test
    void shouldLetAnOpenInProgressFinishAndCloseItsLedgerWhenTheOpenerIsClosed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        LedgerOpener opener = opener(blockingOpen(started, release, interrupted));
        opener.assigned(partitions(3));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(opener::close, "closer");
        closer.start();
        awaitTrue(() -> closer.getState() == Thread.State.TIMED_WAITING || !closer.isAlive());
        boolean closeWaited = closer.isAlive();
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(interrupted.get(), "close() interrupted an open in progress");
        assertTrue(closeWaited, "close() returned before the open in progress finished");
        assertTrue(created.get("0_3").closed.get(), "the ledger opened during close() leaked");
    }

    @Test
    void shouldInterruptTheOpenAndStillCloseItsLedgerWhenItOutlastsTheCloseWait() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        LedgerOpener opener = opener(blockingOpen(started, new CountDownLatch(1), interrupted), Duration.ofMillis(50));
        opener.assigned(partitions(4));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        opener.close();
        awaitTrue(interrupted::get);
        awaitTrue(() -> created.get("0_4").closed.get());
    }

    @Test
    void shouldOpenNothingWhenPartitionsAreAssignedAfterClose() {
        LedgerOpener opener = opener(() -> { });
        opener.close();
        opener.assigned(partitions(6));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opener.take(new TaskId(0, 6)));
        assertTrue(e.getMessage().contains("closed before opening"), e.getMessage());
        assertFalse(created.containsKey("0_6"));
    }
}
