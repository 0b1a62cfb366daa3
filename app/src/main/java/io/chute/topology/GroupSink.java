package io.chute.topology;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.chute.block.Block;
import io.chute.sink.BlockSink;
import io.chute.state.LedgerKey;

/**
 * A task's {@link BlockSink} under grouped inserts (topology-docs/GROUPED-INSERTS.md): closed blocks wait in
 * {@link GroupedInserts} for a commit of the thread, which lands them in groups after it (a lane whose last group is
 * still inserting waits for a later one). So nothing here waits, holds, or writes the ledger: a lane always has room,
 * and LANDED entries go with commits.
 */
final class GroupSink implements BlockSink {
    private final GroupedInserts groups;
    private final int partition;

    GroupSink(GroupedInserts groups, int partition) {
        this.groups = groups;
        this.partition = partition;
    }

    @Override
    public CompletableFuture<Void> submit(Block block) {
        return groups.add(block);
    }

    @Override
    public boolean hasRoom(String table, String topic, int partition) {
        return true;
    }

    @Override
    public long oldestUnlanded(String table, String topic, int partition) {
        return -1;
    }

    @Override
    public void awaitAll(Predicate<LedgerKey> which) {
        // a grouped commit holds the lanes whose group still inserts instead (GroupedInserts#beforeCommit)
    }

    @Override
    public void flushIdleLanded() {
        // LANDED entries go in the thread's next commit
    }

    @Override
    public void flushLanded(Duration timeout) {
        // a clean close follows a commit; what landed after it is re-formed by the next owner, and dropped by token
    }

    /** The task's blocks that no commit took are dropped: its rows were not committed and are read again. */
    @Override
    public void close() {
        groups.dropPartition(partition);
    }
}
