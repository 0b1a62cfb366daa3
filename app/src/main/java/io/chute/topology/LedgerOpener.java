package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/**
 * Opens each stream task's intent ledger: claims it (fences the previous owner) and reads its entries. A claim costs
 * a few broker round trips (about 100 ms here, mostly {@code initTransactions}); Streams initializes a thread's tasks
 * one after the other on the stream thread, so 256 new tasks stalled it for 27 s. So when a main consumer is
 * assigned partitions ({@link CommitHookClientSupplier} wraps its rebalance listener), the ledgers of their tasks
 * are claimed in parallel, then the whole ledger is read once for all of them (a read per task cost 256 Kafka
 * consumers at 256 partitions), and a task's init only takes its own. A task whose partitions are revoked or lost
 * before its init gets its prefetched ledger closed. Thread-safe.
 *
 * <p>Fencing earlier than Streams would is safe: the partition is this member's from its assignment on, and a
 * previous owner still writing is exactly what the fencing is for. The shared read starts after every claim of its
 * assignment returned, so it sees each task's ledger as that task's own read would have (see
 * {@link IntentLedger#claim}).
 */
public final class LedgerOpener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerOpener.class);
    /** chute's topology has one subtopology: task {@code 0_p} reads partition p of every source topic. */
    private static final int SUBTOPOLOGY = 0;
    /** Claiming mostly waits on the broker (initTransactions). */
    private static final int THREADS = 32;
    /**
     * How long {@link #close()} lets opens in progress finish (one takes about 100 ms) before interrupting them: an
     * interrupted open makes its Kafka clients log errors at every shutdown that caught a rebalance.
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * An opened ledger, the newest entry of each of its keys, and of every key of the ledger (a grouped entry's
     * anchor may be another task's key, topology-docs/GROUPED-INSERTS.md).
     */
    public record Opened(IntentLedger ledger, Map<LedgerKey, LedgerEntry> entries, Map<LedgerKey, LedgerEntry> all) {
    }

    /** One read of the whole ledger, and its entries by source partition. */
    private record Snapshot(Map<LedgerKey, LedgerEntry> all, Map<TopicPartition, Map<LedgerKey, LedgerEntry>> byPartition) {
        static Snapshot of(Map<LedgerKey, LedgerEntry> all) {
            return new Snapshot(all, LedgerOpener.byPartition(all));
        }
    }

    private final ChuteDeps.LedgerFactory factory;
    private final ChuteDeps.LedgerReads reads;
    private final List<String> sourceTopics;
    private final Duration closeWait;
    private final ExecutorService pool;
    private final Map<TaskId, CompletableFuture<Opened>> prefetched = new ConcurrentHashMap<>();

    public LedgerOpener(ChuteDeps.LedgerFactory factory, ChuteDeps.LedgerReads reads, List<String> sourceTopics) {
        this(factory, reads, sourceTopics, CLOSE_WAIT);
    }

    LedgerOpener(ChuteDeps.LedgerFactory factory, ChuteDeps.LedgerReads reads, List<String> sourceTopics,
                 Duration closeWait) {
        this.factory = factory;
        this.reads = reads;
        this.sourceTopics = List.copyOf(sourceTopics);
        this.closeWait = closeWait;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "chute-ledger-open-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    /** The inputs of task {@code 0_p}: partition p of every source topic. */
    List<TopicPartition> inputs(TaskId taskId) {
        List<TopicPartition> inputs = new ArrayList<>();
        for (String topic : sourceTopics) {
            inputs.add(new TopicPartition(topic, taskId.partition()));
        }
        return inputs;
    }

    /** A main consumer got these partitions: their tasks' ledgers are claimed, then read once for all of them. */
    void assigned(Collection<TopicPartition> partitions) {
        Set<TaskId> fresh = new LinkedHashSet<>();
        for (TopicPartition tp : partitions) {
            TaskId taskId = new TaskId(SUBTOPOLOGY, tp.partition());
            if (sourceTopics.contains(tp.topic()) && !prefetched.containsKey(taskId)) {
                fresh.add(taskId);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Batch batch = new Batch(fresh.size());
        for (TaskId taskId : fresh) {
            CompletableFuture<Opened> opening = batch.open(taskId);
            if (prefetched.putIfAbsent(taskId, opening) != null) {
                opening.thenAccept(opened -> opened.ledger().close()); // assigned twice at once: keep the first
            }
        }
    }

    /**
     * The tasks of one assignment: each claims its ledger on the pool, and the claim that finishes last reads the
     * whole ledger once for all of them, on its pool thread (never on the stream thread that was assigned).
     */
    private final class Batch {
        private final int tasks;
        private final AtomicInteger unclaimed;
        private final AtomicInteger claimed = new AtomicInteger();
        private final long startNanos = System.nanoTime();
        private final CompletableFuture<Snapshot> read = new CompletableFuture<>();

        Batch(int tasks) {
            this.tasks = tasks;
            unclaimed = new AtomicInteger(tasks);
        }

        /** Once the opener is closing it claims nothing, and the task's {@link #take} says why. */
        CompletableFuture<Opened> open(TaskId taskId) {
            CompletableFuture<IntentLedger> claiming;
            try {
                claiming = CompletableFuture.supplyAsync(() -> {
                    try {
                        if (pool.isShutdown()) {
                            throw closedBeforeOpening(taskId); // queued when close() came
                        }
                        IntentLedger ledger = claim(taskId);
                        claimed.incrementAndGet();
                        return ledger;
                    } finally {
                        claimEnded();
                    }
                }, pool);
            } catch (RejectedExecutionException closing) {
                claimEnded();
                claiming = CompletableFuture.failedFuture(closedBeforeOpening(taskId));
            }
            return claiming.thenCompose(ledger -> read.handle((snapshot, error) -> {
                if (error != null) {
                    ledger.close();
                    throw new CompletionException(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                }
                return new Opened(ledger, entriesOf(taskId, snapshot.byPartition()), snapshot.all());
            }));
        }

        private void claimEnded() {
            if (unclaimed.decrementAndGet() > 0) {
                return;
            }
            if (claimed.get() == 0 || pool.isShutdown()) { // no task to read for, or closing
                read.completeExceptionally(new IllegalStateException("ledger opener closed before reading the ledger"));
                return;
            }
            try {
                long claimedNanos = System.nanoTime();
                Map<LedgerKey, LedgerEntry> all = reads.readAll();
                LOG.info("ledger: claimed {} of {} newly assigned tasks in {} ms, then read {} keys once for them in "
                        + "{} ms", claimed.get(), tasks, (claimedNanos - startNanos) / 1_000_000, all.size(),
                        (System.nanoTime() - claimedNanos) / 1_000_000);
                read.complete(Snapshot.of(all));
            } catch (RuntimeException e) {
                read.completeExceptionally(e);
            }
        }
    }

    private static IllegalStateException closedBeforeOpening(TaskId taskId) {
        return new IllegalStateException("ledger opener closed before opening the ledger of task " + taskId);
    }

    /** A main consumer lost these partitions: ledgers prefetched for tasks that never started are closed. */
    void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            CompletableFuture<Opened> unclaimed = prefetched.remove(new TaskId(SUBTOPOLOGY, tp.partition()));
            if (unclaimed != null) {
                unclaimed.thenAccept(opened -> opened.ledger().close());
            }
        }
    }

    /** The task's opened ledger: the prefetched one, or opened now. Throws what opening threw. */
    Opened take(TaskId taskId) {
        CompletableFuture<Opened> future = prefetched.remove(taskId);
        if (future == null) {
            return open(taskId);
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Claims and reads for one task alone (it was not prefetched). */
    private Opened open(TaskId taskId) {
        IntentLedger ledger = claim(taskId);
        try {
            Snapshot snapshot = Snapshot.of(reads.readAll());
            return new Opened(ledger, entriesOf(taskId, snapshot.byPartition()), snapshot.all());
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    private IntentLedger claim(TaskId taskId) {
        IntentLedger ledger = factory.create(taskId.toString());
        try {
            ledger.claim();
            return ledger;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    private static Map<TopicPartition, Map<LedgerKey, LedgerEntry>> byPartition(Map<LedgerKey, LedgerEntry> all) {
        Map<TopicPartition, Map<LedgerKey, LedgerEntry>> byPartition = new HashMap<>();
        all.forEach((key, entry) -> byPartition.computeIfAbsent(new TopicPartition(key.topic(), key.partition()),
                tp -> new HashMap<>()).put(key, entry));
        return byPartition;
    }

    private Map<LedgerKey, LedgerEntry> entriesOf(TaskId taskId,
                                                  Map<TopicPartition, Map<LedgerKey, LedgerEntry>> byPartition) {
        Map<LedgerKey, LedgerEntry> entries = new HashMap<>();
        for (TopicPartition input : inputs(taskId)) {
            entries.putAll(byPartition.getOrDefault(input, Map.of()));
        }
        return entries;
    }

    /**
     * Starts no more opens (queued ones are skipped), lets those in progress finish for up to {@link #CLOSE_WAIT},
     * interrupts them only after that, and closes every prefetched ledger no task took: one still opening is closed
     * once its open returns.
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("ledger opens still running {} ms after close: interrupting them", closeWait.toMillis());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        prefetched.values().forEach(f -> f.thenAccept(opened -> opened.ledger().close()));
        prefetched.clear();
        LOG.debug("ledger opener closed");
    }
}
