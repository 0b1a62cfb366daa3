package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockGroup;
import io.chute.block.BlockLimits;
import io.chute.block.TestBlocks;

class GroupCutTest {

    @Test
    void shouldPutEveryLaneOfATableInOneGroupAndEachTableInItsOwnWhenUnderTheLimits() {
        GroupCut.Cut cut = GroupCut.form(List.of(TestBlocks.range("t", "o", 3, 0, 2), TestBlocks.range("u", "o", 3, 0, 2),
                TestBlocks.range("t", "o", 1, 5, 2), TestBlocks.range("t", "o", 3, 2, 1)), 100, 1 << 20);

        assertEquals(2, cut.groups().size());
        BlockGroup t = cut.groups().get(0);
        assertEquals("t", t.table());
        assertEquals(List.of(1, 3), t.members().stream().map(m -> m.id().partition()).toList());
        assertEquals(3, t.members().get(1).rowCount(), "a lane's two blocks are one member");
        assertEquals(Map.of(new TopicPartition("o", 3), 3L, new TopicPartition("o", 1), 7L), cut.ends());
        assertTrue(cut.heldBack().isEmpty());
        assertTrue(cut.held().isEmpty());
    }

    @Test
    void shouldSplitGroupsAtTheRowLimitWithoutSplittingALane() {
        GroupCut.Cut cut = GroupCut.form(List.of(TestBlocks.range("t", "o", 0, 0, 4), TestBlocks.range("t", "o", 1, 0, 4),
                TestBlocks.range("t", "o", 2, 0, 9)), 8, 1 << 20);

        assertEquals(List.of(2, 1), cut.groups().stream().map(g -> g.members().size()).toList());
        assertEquals(9, cut.groups().get(1).rowCount(), "a lane larger than the limit goes alone, whole");
    }

    @Test
    void shouldHoldBackALanesBlocksOfAnotherColumnListAtTheirFirstOffset() {
        Block old = TestBlocks.range("t", "o", 0, 0, 3);
        BlockBuilder builder = new BlockBuilder("ns", "t", "o", 0, BlockLimits.defaults(), () -> 0L);
        builder.columns(List.of("a", "b"));
        builder.append(3, TestBlocks.row(3), 0, TestBlocks.row(3).length);
        Block wider = builder.build();

        GroupCut.Cut cut = GroupCut.form(List.of(old, wider, TestBlocks.range("t", "o", 1, 0, 1)), 100, 1 << 20);

        assertEquals(1, cut.groups().size());
        assertEquals(List.of(wider), cut.heldBack());
        assertEquals(Map.of(new TopicPartition("o", 0), 3L), cut.held());
        assertEquals(2L + 1, cut.ends().get(new TopicPartition("o", 0)));
    }
}
