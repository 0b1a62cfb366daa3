package io.chute.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockId;
import io.chute.dlq.DeadLetterEncoder;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerFencedException;
import io.chute.state.LedgerKey;

/**
 * Inserts the blocks of one stream task off the stream thread, on a shared executor.
 *
 * <p>Per (table, topic, partition) blocks run strictly in submission order, one at a time: block N+1 starts after
 * N has landed. Each block goes (1) {@code ledger.intent}, (2) insert with retry/bisection, (3)
 * {@code ledger.landed} with the dead letters of its bad rows, (4) listener. Step 3 is deferred: block N's LANDED
 * goes in one transaction with block N+1's INTENT ({@link IntentLedger#landedThenIntent}), so a block costs one
 * ledger transaction; a key without a next block for its table's {@code landedDelayMillis} gets its LANDED alone
 * ({@link #flushIdleLanded}), except a block below its partition's durably committed offset
 * ({@code committedOffset}): a commit lands every block below the offset it commits, so recovery treats such an
 * INTENT as landed and the idle LANDED is dropped unwritten. A task closing cleanly writes every deferred LANDED. A block with dead letters (rows
 * ClickHouse rejected) gets its LANDED at once, with them: they must not wait, nor be dropped. Until then the
 * ledger says INTENT for a block that is in ClickHouse: after a crash before the commit it is re-inserted with its
 * token and dropped by ClickHouse, exactly as when a crash falls between insert and LANDED
 * (topology-docs/DESIGN.md). Different keys run in parallel. At
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
public final class InsertPipeline implements BlockSink {
    private static final Logger LOG = LoggerFactory.getLogger(InsertPipeline.class);

    private final IntentLedger ledger;
    private final BlockInserter inserter;
    private final Executor executor;
    /** Per table: no table's retries may hold every insert thread (see {@link TableExecutors}). */
    private final Function<String, Executor> executorFor;
    private final int maxInFlightPerKey;
    private final DeadLetterEncoder deadLetters;
    private final PipelineListener listener;
    private final InsertFaults faults;
    private final ToLongFunction<String> landedDelayMillis;
    /** Per key: its source partition's durably committed offset, -1 when unknown (issue 10). */
    private final ToLongFunction<LedgerKey> committedOffset;
    private final Map<LedgerKey, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    /** A pipeline that writes every LANDED at once (no deferral). */
    public InsertPipeline(IntentLedger ledger, BlockInserter inserter, Executor executor, int maxInFlightPerKey,
                          DeadLetterEncoder deadLetters, PipelineListener listener, InsertFaults faults) {
        this(ledger, inserter, executor, maxInFlightPerKey, deadLetters, listener, faults, -1);
    }

    /** @param landedDelayMillis how long a LANDED may wait for the key's next INTENT; negative: not at all */
    public InsertPipeline(IntentLedger ledger, BlockInserter inserter, Executor executor, int maxInFlightPerKey,
                          DeadLetterEncoder deadLetters, PipelineListener listener, InsertFaults faults,
                          long landedDelayMillis) {
        this(ledger, inserter, executor, maxInFlightPerKey, deadLetters, listener, faults,
                landedDelayMillis < 0 ? null : table -> landedDelayMillis);
    }

    /**
     * @param landedDelayMillis per table: how long a LANDED may wait for the key's next INTENT (issue 10: it follows
     *                          the table's grown linger); null: not at all
     */
    public InsertPipeline(IntentLedger ledger, BlockInserter inserter, Executor executor, int maxInFlightPerKey,
                          DeadLetterEncoder deadLetters, PipelineListener listener, InsertFaults faults,
                          ToLongFunction<String> landedDelayMillis) {
        this(ledger, inserter, executor, maxInFlightPerKey, deadLetters, listener, faults, landedDelayMillis,
                key -> -1);
    }

    /**
     * @param committedOffset per key: the durably committed offset of its source partition (-1: unknown); a deferred
     *                        LANDED of a block below it is dropped instead of written alone
     */
    public InsertPipeline(IntentLedger ledger, BlockInserter inserter, Executor executor, int maxInFlightPerKey,
                          DeadLetterEncoder deadLetters, PipelineListener listener, InsertFaults faults,
                          ToLongFunction<String> landedDelayMillis, ToLongFunction<LedgerKey> committedOffset) {
        if (maxInFlightPerKey < 1) {
            throw new IllegalArgumentException("maxInFlightPerKey must be >= 1");
        }
        this.ledger = Objects.requireNonNull(ledger);
        this.inserter = Objects.requireNonNull(inserter);
        this.executor = Objects.requireNonNull(executor);
        this.executorFor = executor instanceof TableExecutors tables ? tables::forTable : table -> executor;
        this.maxInFlightPerKey = maxInFlightPerKey;
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.listener = Objects.requireNonNull(listener);
        this.faults = Objects.requireNonNull(faults);
        this.landedDelayMillis = landedDelayMillis;
        this.committedOffset = Objects.requireNonNull(committedOffset);
    }

    /**
     * Queues a block behind the earlier blocks of its key; blocks while the key has {@code maxInFlightPerKey}
     * unfinished blocks. Returns the block's completion: normal once it landed, exceptional when it failed or was
     * abandoned.
     *
     * @throws FatalSinkException or {@link LedgerFencedException} if the pipeline has failed
     * @throws IllegalStateException if closed
     */
    @Override
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
        Long first = block.id().firstOffset();
        lane.unlanded.add(first);
        // removed before the block's future completes, so a caller that saw it complete never sees it unlanded; a
        // failed block goes too, but the pipeline's failure then stops every commit
        CompletableFuture<Void> next = lane.tail.thenRunAsync(() -> {
            try {
                process(block, lane);
            } finally {
                lane.unlanded.remove(first);
            }
        }, executorFor.apply(key.table()));
        next.whenComplete((ignored, error) -> {
            if (error != null) {
                lane.unlanded.remove(first); // skipped behind a failed block: never ran
            }
            lane.permits.release();
        });
        lane.tail = next;
        return next;
    }

    /**
     * Whether {@link #submit} would take a block of this key without waiting for one of its earlier blocks to end:
     * optional submissions (linger, memory pressure) skip a busy key instead of stalling the stream thread.
     */
    @Override
    public boolean hasRoom(String table, String topic, int partition) {
        Lane lane = lanes.get(new LedgerKey(table, topic, partition));
        return lane == null || lane.permits.availablePermits() > 0;
    }

    /**
     * The first offset of the oldest block of this key that was submitted and has not landed; -1 when none. A commit
     * may hold its partition's offset there instead of waiting for the block (issue 10, DESIGN.md invariant 1).
     */
    @Override
    public long oldestUnlanded(String table, String topic, int partition) {
        Lane lane = lanes.get(new LedgerKey(table, topic, partition));
        Long first = lane == null ? null : lane.unlanded.peek();
        return first == null ? -1 : first;
    }

    /**
     * Waits until every block submitted so far of the keys {@code which} accepts has landed; throws the pipeline's
     * failure whichever key failed, so a commit never follows a failed block.
     *
     * @throws FatalSinkException or {@link LedgerFencedException} if any block failed
     */
    @Override
    public void awaitAll(Predicate<LedgerKey> which) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("pipeline closed: its blocks may not have landed");
        }
        for (Map.Entry<LedgerKey, Lane> key : List.copyOf(lanes.entrySet())) {
            if (!which.test(key.getKey())) {
                continue;
            }
            Lane lane = key.getValue();
            try {
                lane.tail.get();
            } catch (ExecutionException | CancellationException e) {
                throwIfFailed();
                throw new FatalSinkException("insert pipeline failed", e);
            }
        }
        throwIfFailed();
    }

    /**
     * Writes, alone, the deferred LANDED of every key whose last block landed more than {@code landedDelayMillis}
     * ago without a next block (queued behind the key's blocks, off the calling thread). Stream thread only.
     */
    @Override
    public void flushIdleLanded() {
        long now = System.nanoTime();
        for (Map.Entry<LedgerKey, Lane> e : lanes.entrySet()) {
            Lane lane = e.getValue();
            Pending pending = lane.pending;
            if (pending != null && !lane.flushQueued && now - pending.landedAtNanos >= TimeUnit.MILLISECONDS.toNanos(
                    Math.max(pending.delayMillis, landedDelayMillis.applyAsLong(e.getKey().table())))) {
                queueLanded(e.getKey(), lane, pending);
            }
        }
    }

    /**
     * Writes every deferred LANDED, below the committed offset or not, and waits up to {@code timeout}: a cleanly
     * stopped task leaves a ledger that says everything by itself, so a reader without the group's committed offsets
     * (a replay under a new application id, a group whose offsets expired) re-inserts nothing. One transaction per
     * key at close; only idle keys rely on the committed offset. A failure (e.g. fenced) is left to the next owner's
     * recovery.
     */
    @Override
    public void flushLanded(Duration timeout) throws InterruptedException {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Map.Entry<LedgerKey, Lane> e : lanes.entrySet()) {
            if (e.getValue().pending != null && !stopped()) {
                writes.add(queueLanded(e.getKey(), e.getValue(), null));
            }
        }
        try {
            CompletableFuture.allOf(writes.toArray(new CompletableFuture[0]))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // logged: a fenced zombie learns here that a newer owner has the task
            LOG.warn("deferred LANDED entries not all written at close ({}): the ledger keeps INTENT for those "
                    + "blocks, so the next owner re-inserts them and ClickHouse drops them as duplicates",
                    e instanceof ExecutionException ? e.getCause() : "timed out after " + timeout);
        }
    }

    /** Stops starting new blocks and abandons retries; does not wait, does not close the ledger or executor. */
    @Override
    public void close() {
        closed = true;
    }

    /** @param idle the pending LANDED found idle, or null (close): whatever is pending when the write runs */
    private CompletableFuture<Void> queueLanded(LedgerKey key, Lane lane, Pending idle) {
        lane.flushQueued = true;
        CompletableFuture<Void> write = lane.tail.thenRunAsync(() -> writePendingLanded(key, lane, idle), executor);
        lane.tail = write;
        return write;
    }

    /**
     * Runs in the key's chain, so it never races the key's next INTENT for {@code lane.pending}. A block submitted
     * just before the idle LANDED was queued runs first and carries that LANDED in its INTENT; its own LANDED is then
     * pending, not idle, and is left for its next INTENT (writing it here cost a transaction per such block).
     */
    private void writePendingLanded(LedgerKey key, Lane lane, Pending idle) {
        lane.flushQueued = false;
        Pending pending = lane.pending;
        if (pending == null || stopped() || idle != null && pending != idle) {
            return;
        }
        if (idle != null && pending.id.lastOffset() < committedOffset.applyAsLong(key)) {
            lane.pending = null; // a commit past the block returned: it landed, recovery knows (RecoveryPlan)
            listener.onLandedByCommit();
            return;
        }
        try {
            int transactions = ledger.landed(pending.id, pending.extras);
            lane.pending = null;
            countTransactions(transactions);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private void process(Block block, Lane lane) {
        if (stopped()) {
            throw fail(new CancellationException("pipeline stopped before " + block));
        }
        try {
            long start = System.nanoTime();
            Pending previous = lane.pending;
            if (previous == null) {
                countTransactions(ledger.intent(block.id(), block.rowCount()));
            } else {
                countTransactions(ledger.landedThenIntent(previous.id, previous.extras, block.id(),
                        block.rowCount()));
                lane.pending = null;
            }
            InsertResult result = inserter.insert(block, this::stopped);
            faults.beforeLanded(block.id());
            List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> extras = result.badRows().isEmpty()
                    ? List.of() : deadLetters.encode(block, result.badRows());
            if (landedDelayMillis == null || !extras.isEmpty()) {
                countTransactions(ledger.landed(block.id(), extras));
            } else {
                lane.pending = new Pending(block.id(), extras, System.nanoTime(),
                        landedDelayMillis.applyAsLong(block.id().table()));
            }
            listener.onLanded(block, result, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new FatalSinkException("interrupted while inserting " + block, e));
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Counts only transactions a ledger call committed itself: calls of several keys may share one. */
    private void countTransactions(int transactions) {
        for (int i = 0; i < transactions; i++) {
            listener.onLedgerTransaction();
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
            throw new LedgerFencedException("insert pipeline stopped: " + f.getMessage(), f);
        }
        if (f instanceof Error error) {
            throw error;
        }
        throw new FatalSinkException("insert pipeline stopped: " + f.getMessage(), f);
    }

    /** A block in ClickHouse whose LANDED waits for the key's next INTENT. */
    /**
     * A deferred LANDED; {@code delayMillis}: its table's delay when it was deferred. The delay in force is the
     * larger of that and the current one: an open block keeps the longest linger it was given, so when the table's
     * lanes close and its linger shrinks, the next INTENT still comes within the delay the LANDED was given.
     */
    private record Pending(BlockId id,
                           List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> extras,
                           long landedAtNanos, long delayMillis) {
    }

    private static final class Lane {
        final Semaphore permits;
        volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        /** Written and read by this key's chained steps only (one at a time), read by the stream thread. */
        volatile Pending pending;
        volatile boolean flushQueued;
        /** First offsets of its submitted blocks that have not landed, oldest first (at most maxInFlight). */
        final ConcurrentLinkedQueue<Long> unlanded = new ConcurrentLinkedQueue<>();

        Lane(int maxInFlight) {
            permits = new Semaphore(maxInFlight);
        }
    }
}
