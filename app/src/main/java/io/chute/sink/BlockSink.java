package io.chute.sink;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.chute.block.Block;
import io.chute.state.LedgerKey;

/**
 * Where a task's lanes hand the blocks they close: {@link InsertPipeline} inserts each under its own token (per-lane
 * protocol, topology-docs/DESIGN.md); grouped inserts collect them for the thread's next commit
 * (topology-docs/GROUPED-INSERTS.md). Called from the task's stream thread.
 */
public interface BlockSink extends AutoCloseable {

    /** Takes a block; the future completes once it landed, exceptionally when it failed or was dropped. */
    CompletableFuture<Void> submit(Block block) throws InterruptedException;

    /** Whether {@link #submit} would take a block of this lane without waiting. */
    boolean hasRoom(String table, String topic, int partition);

    /** First offset of the lane's oldest submitted block not landed; -1 when none (a commit may hold there). */
    long oldestUnlanded(String table, String topic, int partition);

    /** Waits until the submitted blocks of the keys {@code which} accepts landed; throws the sink's failure. */
    void awaitAll(Predicate<LedgerKey> which) throws InterruptedException;

    default void awaitAll() throws InterruptedException {
        awaitAll(key -> true);
    }

    /** Writes the deferred LANDED entries of keys idle past their delay. */
    void flushIdleLanded();

    /** Writes every deferred LANDED (a task closing cleanly), waiting up to {@code timeout}. */
    void flushLanded(Duration timeout) throws InterruptedException;

    /** Stops taking blocks. */
    @Override
    void close();
}
