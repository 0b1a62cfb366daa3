package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * Opens each stream task's intent ledger (fences the previous owner, reads its entries). Opening costs a few broker
 * round trips (about 100 ms here, mostly {@code initTransactions}); Streams initializes a thread's tasks one after
 * the other on the stream thread, so 256 new tasks stalled it for 27 s. So when a main consumer is assigned
 * partitions ({@link CommitHookClientSupplier} wraps its rebalance listener), the ledgers of their tasks start
 * opening in parallel, and a task's init only takes its own. A task whose partitions are revoked or lost before its
 * init gets its prefetched ledger closed. Thread-safe.
 *
 * <p>Fencing earlier than Streams would is safe: the partition is this member's from its assignment on, and a
 * previous owner still writing is exactly what the fencing is for.
 */
public final class LedgerOpener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerOpener.class);
    /** chute's topology has one subtopology: task {@code 0_p} reads partition p of every source topic. */
    private static final int SUBTOPOLOGY = 0;
    /** Opening mostly waits on the broker (initTransactions, the read to the high watermark). */
    private static final int THREADS = 32;
    /**
     * How long {@link #close()} lets opens in progress finish (one takes about 100 ms) before interrupting them: an
     * interrupted open makes its Kafka clients log errors at every shutdown that caught a rebalance.
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** An opened ledger and the newest entry of each of its keys. */
    public record Opened(IntentLedger ledger, Map<LedgerKey, LedgerEntry> entries) {
    }

    private final ChuteDeps.LedgerFactory factory;
    private final List<String> sourceTopics;
    private final Duration closeWait;
    private final ExecutorService pool;
    private final Map<TaskId, CompletableFuture<Opened>> prefetched = new ConcurrentHashMap<>();

    public LedgerOpener(ChuteDeps.LedgerFactory factory, List<String> sourceTopics) {
        this(factory, sourceTopics, CLOSE_WAIT);
    }

    LedgerOpener(ChuteDeps.LedgerFactory factory, List<String> sourceTopics, Duration closeWait) {
        this.factory = factory;
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

    /** A main consumer got these partitions: their tasks' ledgers start opening. */
    void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (sourceTopics.contains(tp.topic())) {
                prefetched.computeIfAbsent(new TaskId(SUBTOPOLOGY, tp.partition()), this::prefetch);
            }
        }
    }

    /** Opens on the pool; once the opener is closing it opens nothing, and the task's {@link #take} says why. */
    private CompletableFuture<Opened> prefetch(TaskId taskId) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                if (pool.isShutdown()) {
                    throw closedBeforeOpening(taskId); // queued when close() came
                }
                return open(taskId);
            }, pool);
        } catch (RejectedExecutionException closing) {
            return CompletableFuture.failedFuture(closedBeforeOpening(taskId));
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

    private Opened open(TaskId taskId) {
        IntentLedger ledger = factory.create(taskId.toString());
        try {
            return new Opened(ledger, ledger.open(inputs(taskId)));
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
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
