package io.chute.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.dlq.BadRow;
import io.chute.retry.RetryPolicy;
import io.chute.retry.Time;

/**
 * Inserts one block effectively once, whatever happens short of a crash:
 * <ul>
 *   <li>{@link ErrorClass#RETRYABLE}: resend the same block (same bytes, same token) after the policy's backoff
 *   (in production exponential with full jitter), forever unless {@link RetryPolicy#maxAttempts()} is set (then {@link FatalSinkException}). Data is
 *   never dropped. Every {@value #TOO_MANY_PARTS_GROW_AFTER} consecutive TOO_MANY_PARTS (252) the
 *   {@code growBlocks} callback runs, so later blocks get bigger.</li>
 *   <li>{@link ErrorClass#DATA_ERROR}: bisect deterministically into halves (sub-tokens "/0", "/1", "/01", ...),
 *   insert the halves that succeed, recurse into the ones that fail, and report single failing rows as
 *   {@link BadRow}s. A re-run of the same block produces the same slices and tokens, so slices that had landed
 *   before a crash are deduplicated.</li>
 *   <li>{@link ErrorClass#CONFIG_ERROR}: {@link FatalSinkException} immediately.</li>
 * </ul>
 * Thread-safe if the writer is; holds no per-block state between calls.
 */
public final class BlockInserter {

    private static final Logger LOG = LoggerFactory.getLogger(BlockInserter.class);
    private static final int TOO_MANY_PARTS = 252;
    static final int TOO_MANY_PARTS_GROW_AFTER = 3;

    private final BlockWriter writer;
    private final RetryPolicy policy;
    private final Time time;
    private final Runnable growBlocks;
    private final InsertFaults faults;

    /**
     * @param time       sleeps between attempts
     * @param growBlocks called on repeated TOO_MANY_PARTS, typically {@code limits::grow}
     */
    public BlockInserter(BlockWriter writer, RetryPolicy policy, Time time, Runnable growBlocks,
                         InsertFaults faults) {
        this.writer = writer;
        this.policy = policy;
        this.time = time;
        this.growBlocks = growBlocks;
        this.faults = faults;
    }

    public BlockInserter(BlockWriter writer, RetryPolicy policy, Runnable growBlocks) {
        this(writer, policy, Time.SYSTEM, growBlocks, InsertFaults.NONE);
    }

    /**
     * Inserts the block, bisecting around bad rows.
     *
     * @throws FatalSinkException on a configuration error or exhausted retries
     * @throws InterruptedException when interrupted while inserting or backing off
     */
    public InsertResult insert(Block block) throws InterruptedException {
        return insert(block, () -> false);
    }

    /**
     * Like {@link #insert(Block)}, but gives up with {@link CancellationException} before any further attempt
     * once {@code cancelled} is true (a fenced or closing pipeline must not retry forever).
     */
    public InsertResult insert(Block block, BooleanSupplier cancelled) throws InterruptedException {
        Tally tally = new Tally(cancelled);
        Classification failure = insertWithRetry(block, tally);
        if (failure != null) {
            LOG.warn("data error inserting {} (code {}): bisecting; {}", block, failure.code(), failure.message());
            bisect(block, failure, tally);
        }
        return new InsertResult(block.rowCount() - tally.badRows.size(), tally.written, tally.calls,
                tally.badRows, tally.retries);
    }

    private void bisect(Block block, Classification failure, Tally tally) throws InterruptedException {
        if (block.rowCount() == 1) {
            tally.badRows.add(new BadRow(block.id().table(), block.id().topic(), block.id().partition(),
                    block.offsetAt(0), block.rootRow(0), failure.code(), failure.message()));
            return;
        }
        int mid = block.rowCount() / 2;
        Block[] halves = {block.slice(0, mid, block.path() + '0'),
            block.slice(mid, block.rowCount(), block.path() + '1')};
        for (Block half : halves) {
            Classification halfFailure = insertWithRetry(half, tally);
            if (halfFailure != null) {
                bisect(half, halfFailure, tally);
            }
        }
    }

    /** Returns null on success, the classification on a data error; retries the rest or throws. */
    private Classification insertWithRetry(Block block, Tally tally) throws InterruptedException {
        return retry(block.toString(), block.id().table(), tally, attempt -> {
            faults.beforeInsert(block, attempt);
            long written = writer.insert(block, block.queryId(attempt));
            faults.afterInsert(block, attempt);
            return written;
        });
    }

    /**
     * Inserts a group under its token (topology-docs/GROUPED-INSERTS.md), retrying like a block. When ClickHouse
     * refuses it for its data, nothing of it was written, and each member is inserted alone under its lane block's
     * token, bisected as a block; recovery of the group meets the same refusal and does the same, so members that
     * had landed are dropped by their tokens. A failure raised in a materialized view is retryable, as for a block.
     */
    public GroupInsertResult insert(BlockGroup group, BooleanSupplier cancelled) throws InterruptedException {
        Tally tally = new Tally(cancelled);
        Block first = group.members().get(0).parts().get(0); // the test seam sees a group as its first block
        Classification failure = retry(group.toString(), group.table(), tally, attempt -> {
            faults.beforeInsert(first, attempt);
            return writer.insert(group, group.queryId(attempt));
        });
        if (failure == null) {
            return new GroupInsertResult(group.rowCount(), tally.written, tally.calls, tally.retries, List.of());
        }
        LOG.warn("data error inserting {} (code {}): inserting its {} members alone; {}", group, failure.code(),
                group.members().size(), failure.message());
        List<GroupInsertResult.MemberInsert> members = new ArrayList<>();
        int rows = 0;
        for (BlockGroup.Member member : group.members()) {
            Block block = BlockGroup.memberBlock(member);
            InsertResult result = insert(block, cancelled);
            members.add(new GroupInsertResult.MemberInsert(block, result));
            rows += result.rowsInserted();
            tally.written += result.rowsWrittenReported();
            tally.calls += result.insertCalls();
            result.retriesByCode().forEach((code, n) -> tally.retries.merge(code, n, Integer::sum));
        }
        return new GroupInsertResult(rows, tally.written, tally.calls, tally.retries, members);
    }

    /** One attempt of an insert statement; returns the rows the server reports written. */
    @FunctionalInterface
    private interface Attempt {
        long run(int attempt) throws Exception;
    }

    /** Returns null on success, the classification on a data error; retries the rest or throws. */
    private Classification retry(String what, String table, Tally tally, Attempt insert) throws InterruptedException {
        int tooManyParts = 0;
        for (int attempt = 1; ; attempt++) {
            if (tally.cancelled.getAsBoolean()) {
                throw new CancellationException("insert of " + what + " cancelled");
            }
            tally.calls++;
            try {
                tally.written += Math.max(0, insert.run(attempt));
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (UnsupportedOperationException e) {
                throw new FatalSinkException("cannot insert " + what + ": " + e.getMessage(), e);
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(e);
                }
                Classification c = RetryClassifier.classify(e);
                if (c.errorClass() == ErrorClass.DATA_ERROR) {
                    return c;
                }
                if (c.errorClass() == ErrorClass.CONFIG_ERROR) {
                    throw new FatalSinkException("ClickHouse rejected the insert into table '" + table
                            + "' with configuration error code " + c.code() + ": " + c.message()
                            + " (fix the table, grants or settings, then restart)", e);
                }
                tooManyParts = c.code() == TOO_MANY_PARTS ? tooManyParts + 1 : 0;
                backOff(what, table, attempt, c, tooManyParts, tally, e);
            }
        }
    }

    private void backOff(String what, String table, int attempt, Classification c, int tooManyParts, Tally tally,
                         Exception e) throws InterruptedException {
        tally.retries.merge(c.code(), 1, Integer::sum);
        if (policy.exhausted(attempt)) {
            throw new FatalSinkException("giving up on " + what + " after " + attempt + " attempts, last code "
                    + c.code() + ": " + c.message(), e);
        }
        if (tooManyParts > 0 && tooManyParts % TOO_MANY_PARTS_GROW_AFTER == 0) {
            LOG.warn("{} consecutive TOO_MANY_PARTS on table '{}': growing insert blocks", tooManyParts, table);
            growBlocks.run();
        }
        long delay = policy.backoff().delayMillis(attempt);
        LOG.warn("insert of {} failed (attempt {}, code {}): {}; retrying in {} ms", what, attempt, c.code(),
                c.message(), delay);
        time.sleep(delay);
    }

    private static InterruptedException interrupted(Exception cause) {
        InterruptedException e = new InterruptedException("interrupted while inserting");
        e.initCause(cause);
        return e;
    }

    private static final class Tally {
        final BooleanSupplier cancelled;
        final List<BadRow> badRows = new ArrayList<>();
        final Map<Integer, Integer> retries = new TreeMap<>();
        long written;
        int calls;

        Tally(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
        }
    }
}
