package io.chute.sink;

import static io.chute.sink.FakeWriter.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.TestBlocks;
import io.chute.dlq.BadRow;
import io.chute.retry.Backoff;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;

class BlockInserterTest {

    private final FakeWriter writer = new FakeWriter();
    /** The production defaults with the ceiling as the delay, so the waits can be asserted. */
    private static final RetryPolicy DEFAULTS_WITHOUT_JITTER = new RetryPolicy(
            new Backoff(100, 30_000, Backoff.Jitter.NONE), 0);

    private final MockTime time = new MockTime();
    private final AtomicInteger grows = new AtomicInteger();

    private BlockInserter inserter(RetryPolicy policy) {
        return new BlockInserter(writer, policy, time, grows::incrementAndGet, InsertFaults.NONE);
    }

    @Test
    void shouldResendSameTokenUntilSuccessWhenFailuresAreRetryable() throws Exception {
        Block block = TestBlocks.range("t", "topic", 0, 0, 5);
        writer.failures.add(error(202));
        writer.failures.add(new IOException("connection reset"));
        writer.failures.add(error(159));

        InsertResult result = inserter(DEFAULTS_WITHOUT_JITTER).insert(block);

        assertEquals(List.of(block.token(), block.token(), block.token(), block.token()), writer.attemptedTokens);
        assertEquals(4, new HashSet<>(writer.queryIds).size(), "one query id per attempt");
        assertEquals(List.of(100L, 200L, 400L), time.sleeps());
        assertEquals(Map.of(202, 1, Classification.NO_CODE, 1, 159, 1), result.retriesByCode());
        assertEquals(5, result.rowsInserted());
        assertEquals(List.of(block.token()), writer.landedTokens);
    }

    @Test
    void shouldCapBackoffWhenRetryingLong() {
        RetryPolicy policy = new RetryPolicy(new Backoff(100, 30_000, Backoff.Jitter.NONE), 0);
        assertEquals(100, policy.backoff().ceilingMillis(1));
        assertEquals(25_600, policy.backoff().ceilingMillis(9));
        assertEquals(30_000, policy.backoff().ceilingMillis(10));
        assertEquals(30_000, policy.backoff().ceilingMillis(1_000_000));
    }

    @Test
    void shouldFailFatallyWhenConfigError() {
        writer.failures.add(error(60));
        FatalSinkException e = assertThrows(FatalSinkException.class,
                () -> inserter(DEFAULTS_WITHOUT_JITTER).insert(TestBlocks.range("t", "topic", 0, 0, 3)));
        assertTrue(e.getMessage().contains("60"), e.getMessage());
        assertEquals(1, writer.attemptedTokens.size(), "no retry of a config error");
    }

    @Test
    void shouldFailFatallyWhenMaxAttemptsReached() {
        for (int i = 0; i < 5; i++) {
            writer.failures.add(error(210));
        }
        assertThrows(FatalSinkException.class,
                () -> inserter(new RetryPolicy(new Backoff(100, 1000, Backoff.Jitter.NONE), 3)).insert(TestBlocks.range("t", "topic", 0, 0, 3)));
        assertEquals(3, writer.attemptedTokens.size());
    }

    @Test
    void shouldGrowBlocksWhenTooManyPartsRepeats() throws Exception {
        for (int i = 0; i < 7; i++) {
            writer.failures.add(error(252));
        }
        inserter(DEFAULTS_WITHOUT_JITTER).insert(TestBlocks.range("t", "topic", 0, 0, 3));
        assertEquals(2, grows.get());
    }

    @Test
    void shouldStopRetryingWhenCancelled() {
        writer.failures.add(error(210));
        writer.failures.add(error(210));
        AtomicInteger checks = new AtomicInteger();
        assertThrows(CancellationException.class, () -> inserter(DEFAULTS_WITHOUT_JITTER)
                .insert(TestBlocks.range("t", "topic", 0, 0, 3), () -> checks.incrementAndGet() > 1));
        assertEquals(1, writer.attemptedTokens.size());
    }

    @Test
    void shouldInsertGoodRowsOnceAndReportBadRowsWhenBisecting() throws Exception {
        Block block = TestBlocks.range("t", "topic", 4, 100, 10);
        writer.badOffsets.addAll(List.of(103L, 107L));

        InsertResult result = inserter(DEFAULTS_WITHOUT_JITTER).insert(block);

        assertEquals(List.of(100L, 101L, 102L, 104L, 105L, 106L, 108L, 109L),
                writer.landedOffsets.stream().sorted().toList(), "every good row exactly once");
        assertEquals(8, result.rowsInserted());
        assertEquals(List.of(103L, 107L), result.badRows().stream().map(BadRow::offset).toList());
        assertEquals(List.of(3, 7), result.badRows().stream().map(BadRow::rowIndex).toList());
        BadRow bad = result.badRows().get(0);
        assertEquals(List.of("t", "topic", 4, 6), List.of(bad.table(), bad.topic(), bad.partition(), bad.code()));
        assertTrue(writer.landedTokens.stream().allMatch(t -> t.startsWith(block.token() + "/")));
    }

    @Test
    void shouldRepeatSubTokensWhenSameBlockIsBisectedAgain() throws Exception {
        writer.badOffsets.addAll(List.of(103L, 107L));
        inserter(DEFAULTS_WITHOUT_JITTER).insert(TestBlocks.range("t", "topic", 4, 100, 10));
        List<String> firstAttempts = List.copyOf(writer.attemptedTokens);
        List<String> firstLanded = List.copyOf(writer.landedTokens);
        writer.attemptedTokens.clear();

        InsertResult again = inserter(DEFAULTS_WITHOUT_JITTER).insert(TestBlocks.range("t", "topic", 4, 100, 10));

        assertEquals(firstAttempts, writer.attemptedTokens, "same slices, same tokens, same order");
        assertEquals(firstLanded, writer.landedTokens, "a re-run lands nothing new (all deduplicated)");
        assertEquals(2, again.badRows().size());
    }

    @Test
    void shouldReportEveryRowWhenAllRowsAreBad() throws Exception {
        writer.badOffsets.addAll(List.of(0L, 1L, 2L));
        InsertResult result = inserter(DEFAULTS_WITHOUT_JITTER).insert(TestBlocks.range("t", "topic", 0, 0, 3));
        assertEquals(3, result.badRows().size());
        assertEquals(0, result.rowsInserted());
        assertTrue(writer.landedTokens.isEmpty());
    }
}
