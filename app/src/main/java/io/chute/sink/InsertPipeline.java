package io.chute.sink;

import io.chute.block.Block;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerFencedException;
import io.chute.state.LedgerKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts the blocks of one stream task off the stream thread, on a shared executor.
 *
 * <p>Per (table, topic, partition) blocks run strictly in submission order, one at a time: block N+1 starts after
 * N has landed. Each block goes (1) {@code ledger.intent}, (2) insert with retry/bisection, (3)
 * {@code ledger.landed} with the dead letters of its bad rows, (4) listener. Different keys run in parallel. At
 * most {@code maxInFlightPerKey} blocks per key are submitted and not yet finished; {@link #submit} blocks the
 * (stream) thread beyond that, which is the backpressure.
 *
 * <p>Failure: the first failure (fatal insert error, {@link LedgerFencedException}, any ledger or unexpected
 * error) stops the whole pipeline: nothing new is started, retries are abandoned, and {@link #submit} and
 * {@link #awaitAll} rethrow it. Nothing is lost: offsets are not committed, and the ledger's INTENT entry makes
 * the next owner re-insert the interrupted block with the same token.
 *
 * <p>{@link #submit}, {@link #awaitAll} and {@link #close} are called from the task's stream thread only.
 */
public final class InsertPipeline implements AutoCloseable {

    private final IntentLedger ledger;
    private final BlockInserter inserter;
    private final Executor executor;
    private final int maxInFlightPerKey;
    private final DeadLetterEncoder deadLetters;
    private final PipelineListener listener;
    private final InsertFaults faults;
    private final Map<LedgerKey, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    public InsertPipeline(IntentLedger ledger, BlockInserter inserter, Executor executor, int maxInFlightPerKey,
                          DeadLetterEncoder deadLetters, PipelineListener listener, InsertFaults faults) {
        if (maxInFlightPerKey < 1) {
            throw new IllegalArgumentException("maxInFlightPerKey must be >= 1");
        }
        this.ledger = Objects.requireNonNull(ledger);
        this.inserter = Objects.requireNonNull(inserter);
        this.executor = Objects.requireNonNull(executor);
        this.maxInFlightPerKey = maxInFlightPerKey;
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.listener = Objects.requireNonNull(listener);
        this.faults = Objects.requireNonNull(faults);
    }

    /**
     * Queues a block behind the earlier blocks of its key; blocks while the key has {@code maxInFlightPerKey}
     * unfinished blocks. Returns the block's completion: normal once it landed, exceptional when it failed or was
     * abandoned.
     *
     * @throws FatalSinkException or {@link LedgerFencedException} if the pipeline has failed
     * @throws IllegalStateException if closed
     */
    public CompletableFuture<Void> submit(Block block) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("pipeline closed");
        }
        LedgerKey key = new LedgerKey(block.id().table(), block.id().topic(), block.id().partition());
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane(maxInFlightPerKey));
        // Poll so a failure elsewhere releases a stream thread waiting on a stuck lane.
        while (!lane.permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            throwIfFailed();
        }
        throwIfFailed();
        CompletableFuture<Void> next = lane.tail.thenRunAsync(() -> process(block), executor);
        next.whenComplete((ignored, error) -> lane.permits.release());
        lane.tail = next;
        return next;
    }

    /**
     * Waits until every block submitted so far has landed (call before committing offsets).
     *
     * @throws FatalSinkException or {@link LedgerFencedException} if any block failed
     */
    public void awaitAll() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("pipeline closed: its blocks may not have landed");
        }
        for (Lane lane : List.copyOf(lanes.values())) {
            try {
                lane.tail.get();
            } catch (ExecutionException | CancellationException e) {
                throwIfFailed();
                throw new FatalSinkException("insert pipeline failed", e);
            }
        }
        throwIfFailed();
    }

    /** Stops starting new blocks and abandons retries; does not wait, does not close the ledger or executor. */
    @Override
    public void close() {
        closed = true;
    }

    private void process(Block block) {
        if (stopped()) {
            throw fail(new CancellationException("pipeline stopped before " + block));
        }
        try {
            long start = System.nanoTime();
            ledger.intent(block.id(), block.rowCount());
            InsertResult result = inserter.insert(block, this::stopped);
            faults.beforeLanded(block.id());
            ledger.landed(block.id(), result.badRows().isEmpty() ? List.of()
                    : deadLetters.encode(block, result.badRows()));
            listener.onLanded(block, result, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new FatalSinkException("interrupted while inserting " + block, e));
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Records the pipeline's first failure; returns the exception that fails this block's future. */
    private CompletionException fail(Throwable t) {
        failure.compareAndSet(null, t);
        return t instanceof CompletionException ce ? ce : new CompletionException(t);
    }

    private boolean stopped() {
        return closed || failure.get() != null;
    }

    private void throwIfFailed() {
        Throwable f = failure.get();
        if (f == null) {
            return;
        }
        if (f instanceof LedgerFencedException) {
            throw new LedgerFencedException("insert pipeline stopped: this task was fenced by a newer owner", f);
        }
        if (f instanceof Error error) {
            throw error;
        }
        throw new FatalSinkException("insert pipeline stopped: " + f.getMessage(), f);
    }

    private static final class Lane {
        final Semaphore permits;
        volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Lane(int maxInFlight) {
            permits = new Semaphore(maxInFlight);
        }
    }
}
