package io.chute.sink;

import static io.chute.sink.FakeWriter.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.block.TestBlocks;
import io.chute.retry.Backoff;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;

class GroupInsertTest {
    private final FakeWriter writer = new FakeWriter();
    private final MockTime time = new MockTime();
    private final BlockInserter inserter = new BlockInserter(writer,
            new RetryPolicy(new Backoff(100, 30_000, Backoff.Jitter.NONE), 0), time, () -> { }, InsertFaults.NONE);
    private final BlockGroup group = BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 0, 4),
            TestBlocks.range("t", "o", 1, 100, 3), TestBlocks.range("t", "o", 1, 103, 1)));

    @Test
    void shouldInsertWholeGroupUnderItsTokenWhenRetryableFailuresPass() throws Exception {
        writer.failures.add(error(202));

        GroupInsertResult result = inserter.insert(group, () -> false);

        assertEquals(List.of(group.token(), group.token()), writer.attemptedTokens);
        assertEquals(List.of(group.token()), writer.landedTokens);
        assertEquals(List.of(0L, 1L, 2L, 3L, 100L, 101L, 102L, 103L), writer.landedOffsets);
        assertEquals(8, result.rowsInserted());
        assertEquals(Map.of(202, 1), result.retriesByCode());
        assertTrue(result.split().isEmpty());
        assertEquals(List.of(100L), time.sleeps());
    }

    @Test
    void shouldInsertMembersAloneUnderTheirBlockTokensWhenGroupIsRefusedForItsData() throws Exception {
        writer.badOffsets.add(102L);

        GroupInsertResult result = inserter.insert(group, () -> false);

        Block lane0 = BlockGroup.memberBlock(group.members().get(0));
        Block lane1 = BlockGroup.memberBlock(group.members().get(1));
        assertEquals(group.token(), writer.attemptedTokens.get(0));
        assertTrue(writer.landedTokens.contains(lane0.token()), writer.landedTokens.toString());
        assertEquals(List.of(0L, 1L, 2L, 3L, 100L, 101L, 103L), writer.landedOffsets.stream().sorted().toList());
        assertEquals(7, result.rowsInserted());
        assertEquals(1, result.badRowCount());
        assertEquals(lane1.id(), result.split().get(1).block().id());
        assertEquals(102L, result.split().get(1).result().badRows().get(0).offset());
    }

    @Test
    void shouldDropMembersThatLandedWhenARecoveredGroupIsRefusedAgain() throws Exception {
        writer.badOffsets.add(2L);
        inserter.insert(group, () -> false);
        int landed = writer.landedOffsets.size();

        GroupInsertResult again = inserter.insert(BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 0, 4),
                TestBlocks.range("t", "o", 1, 100, 4))), () -> false);

        assertEquals(landed, writer.landedOffsets.size(), "a recovered group lands nothing twice");
        assertEquals(0, again.rowsWrittenReported());
    }

    @Test
    void shouldFailFatallyWhenTheWriterCannotInsertGroups() {
        BlockWriter blocksOnly = (block, queryId) -> block.rowCount();
        BlockInserter plain = new BlockInserter(blocksOnly, new RetryPolicy(new Backoff(1, 1, Backoff.Jitter.NONE), 0),
                time, () -> { }, InsertFaults.NONE);
        assertThrows(FatalSinkException.class, () -> plain.insert(group, () -> false));
        assertTrue(time.sleeps().isEmpty(), "no retry: " + Duration.ofMillis(time.sleeps().size()));
    }
}
