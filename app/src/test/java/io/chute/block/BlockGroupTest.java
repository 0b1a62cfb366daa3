package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class BlockGroupTest {

    @Test
    void shouldOrderMembersByLaneAndStreamTheirBytesWhenGrouped() throws IOException {
        Block p3 = TestBlocks.range("t", "orders", 3, 10, 2);
        Block p1 = TestBlocks.range("t", "orders", 1, 5, 3);
        BlockGroup group = BlockGroup.of(List.of(p3, p1));

        assertEquals(List.of(1, 3), group.members().stream().map(m -> m.id().partition()).toList());
        assertEquals(p1.id(), group.anchor());
        assertEquals(5, group.rowCount());
        assertEquals(p1.byteSize() + p3.byteSize(), group.byteSize());
        try (InputStream in = group.newInputStream()) {
            assertEquals("r5;r6;r7;r10;r11;", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldGiveSameTokenWhenSameLaneRangesAreGroupedAgainInAnyOrder() {
        BlockGroup a = BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 0, 3), TestBlocks.range("t", "o", 1, 7, 2)));
        BlockGroup b = BlockGroup.of(List.of(TestBlocks.range("t", "o", 1, 7, 2), TestBlocks.range("t", "o", 0, 0, 3)));
        BlockGroup other = BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 0, 3),
                TestBlocks.range("t", "o", 1, 7, 3)));

        assertEquals(a.token(), b.token());
        assertNotEquals(a.token(), other.token());
        assertTrue(a.token().startsWith("chute2:ns:t:"), a.token());
        assertEquals(a.token(), BlockGroup.token(List.of(new BlockId("ns", "t", "o", 0, 0, 2),
                new BlockId("ns", "t", "o", 1, 7, 8))));
    }

    @Test
    void shouldMergeLaneBlocksIntoOneMemberWhenALaneClosedSeveralBlocks() throws IOException {
        Block first = TestBlocks.range("t", "o", 2, 0, 2);
        Block second = TestBlocks.range("t", "o", 2, 2, 2);
        BlockGroup group = BlockGroup.of(List.of(first, second, TestBlocks.range("t", "o", 4, 9, 1)));

        BlockGroup.Member lane = group.members().get(0);
        assertEquals(new BlockId("ns", "t", "o", 2, 0, 3), lane.id());
        Block alone = BlockGroup.memberBlock(lane);
        assertEquals(lane.id(), alone.id());
        assertEquals("r0;r1;r2;r3;", TestBlocks.content(alone));
        assertEquals(3, alone.offsetAt(3));
        assertSame(group.members().get(1).parts().get(0), BlockGroup.memberBlock(group.members().get(1)));
    }

    @Test
    void shouldRefuseBlocksWhenTablesColumnsOrOffsetOrderDiffer() {
        Block t = TestBlocks.range("t", "o", 0, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> BlockGroup.of(List.of(t, TestBlocks.range("u", "o", 1,
                0, 1))));
        assertThrows(IllegalArgumentException.class, () -> BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 5, 1),
                TestBlocks.range("t", "o", 0, 0, 1))));
        assertThrows(IllegalArgumentException.class, () -> BlockGroup.of(List.of(t, t.slice(0, 1, "0"))));
        assertThrows(IllegalArgumentException.class, () -> BlockGroup.of(List.of()));
    }

    @Test
    void shouldResendSameBytesWhenStreamIsResetAfterMarkInsideSecondMember() throws IOException {
        BlockGroup group = BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 0, 2),
                TestBlocks.range("t", "o", 1, 20, 2)));
        try (InputStream in = group.newInputStream()) {
            assertTrue(in.markSupported());
            byte[] head = in.readNBytes(8); // "r0;r1;r2" into the second member
            assertEquals("r0;r1;r2", new String(head, StandardCharsets.UTF_8));
            in.mark(Integer.MAX_VALUE);
            assertEquals("0;r21;", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            in.reset();
            assertEquals("0;r21;", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
