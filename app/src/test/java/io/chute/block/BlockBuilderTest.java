package io.chute.block;

import static io.chute.block.TestBlocks.content;
import static io.chute.block.TestBlocks.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BlockBuilderTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    private BlockBuilder builder(int rows, int bytes, long linger) {
        return new BlockBuilder("ns", "t", "topic", 2, new BlockLimits(rows, bytes, linger, 8), clock::get);
    }

    private static void append(BlockBuilder b, long offset) {
        byte[] padded = ("xx" + new String(row(offset))).getBytes();
        b.append(offset, padded, 2, padded.length - 2); // exercises a non-zero source offset
    }

    @Test
    void shouldCarryLastRecordTimestampWhenBuiltAndForgetItForNextBlock() {
        BlockBuilder b = builder(1_000, 1_000_000, 60_000);
        b.append(10, 500L, row(10), 0, row(10).length);
        b.append(11, 700L, row(11), 0, row(11).length);
        Block first = b.build();
        append(b, 12); // no timestamp: a row re-formed by recovery

        assertEquals(700L, first.lastTimestamp());
        assertEquals(700L, first.slice(0, 1, "0").lastTimestamp(), "slices keep the root's timestamp");
        assertEquals(-1L, b.build().lastTimestamp());
    }

    @Test
    void shouldBeFullWhenRowLimitReachedFirst() {
        BlockBuilder b = builder(3, 1_000_000, 60_000);
        append(b, 10);
        append(b, 11);
        assertFalse(b.isFull());
        append(b, 12);
        assertTrue(b.isFull());
    }

    @Test
    void shouldBeFullWhenByteLimitReachedFirst() {
        BlockBuilder b = builder(1_000, 8, 60_000);
        append(b, 10); // "r10;" = 4 bytes
        assertFalse(b.isFull());
        append(b, 11);
        assertTrue(b.isFull());
        assertEquals(2, b.rowCount());
    }

    @Test
    void shouldExpireLingerWhenFirstRowIsOldEnough() {
        BlockBuilder b = builder(1_000, 1_000_000, 500);
        assertFalse(b.isLingerExpired(clock.get() + 10_000), "an empty builder never lingers out");
        append(b, 1);
        clock.addAndGet(300);
        append(b, 2);
        assertEquals(300, b.ageMillis(clock.get()));
        assertFalse(b.isLingerExpired(clock.get()));
        assertTrue(b.isLingerExpired(clock.get() + 200));
    }

    @Test
    void shouldBuildBlockWithIdentityAndBytesWhenRowsAppended() {
        BlockBuilder b = builder(100, 1_000_000, 1_000);
        append(b, 7);
        append(b, 9);
        append(b, 15);
        Block block = b.build();
        assertEquals(new BlockId("ns", "t", "topic", 2, 7, 15), block.id());
        assertEquals("r7;r9;r15;", content(block));
        assertEquals(3, block.rowCount());
        assertEquals(15, block.offsetAt(2));
        assertArrayEquals(row(9), block.rowBytes(1));
        assertTrue(b.isEmpty());
    }

    @Test
    void shouldKeepBuiltBytesWhenBuilderIsReused() {
        BlockBuilder b = builder(2, 1_000_000, 1_000);
        append(b, 1);
        append(b, 2);
        Block first = b.build();
        for (long o = 3; o < 200; o++) {
            append(b, o); // would overwrite the first block's array if it were shared
        }
        assertEquals("r1;r2;", content(first));
        assertEquals("chute1:ns:t:topic:2:3-199", b.build().token());
    }

    @Test
    void shouldRejectAppendWhenOffsetDoesNotIncrease() {
        BlockBuilder b = builder(10, 1_000, 1_000);
        append(b, 5);
        assertThrows(IllegalArgumentException.class, () -> append(b, 5));
        assertThrows(IllegalStateException.class, () -> builder(10, 1_000, 1_000).build());
    }

    @Test
    void shouldGrowLimitsUpToCapWhenAsked() {
        BlockLimits limits = new BlockLimits(100, 1_000, 50, 4);
        assertTrue(limits.grow());
        assertTrue(limits.grow());
        assertFalse(limits.grow());
        assertEquals(400, limits.maxRows());
        assertEquals(4_000, limits.maxBytes());
        assertEquals(200, limits.lingerMillis());
    }

    @Test
    void shouldDeriveDeterministicSubTokensWhenSliced() {
        Block block = TestBlocks.range("t", "topic", 0, 100, 8);
        Block left = block.slice(0, 4, "0");
        Block leftRight = left.slice(2, 4, "01");
        assertEquals(block.token() + "/0", left.token());
        assertEquals(block.token() + "/01", leftRight.token());
        assertEquals("r102;r103;", content(leftRight));
        assertEquals(3, leftRight.rootRow(1));
        assertEquals(leftRight.token(), TestBlocks.range("t", "topic", 0, 100, 8).slice(0, 4, "0")
                .slice(2, 4, "01").token());
        assertThrows(IllegalArgumentException.class, () -> block.slice(0, 4, "2"));
    }

    @Test
    void shouldHoldNoArraysWhenIdleAfterABlockWasBuilt() {
        BlockBuilder b = builder(100_000, 1 << 24, 60_000);
        for (long offset = 0; offset < 20_000; offset++) {
            append(b, offset);
        }
        assertTrue(b.footprint() > 20_000 * 12, "arrays of a 20,000-row block");
        b.build();
        assertEquals(0, b.footprint(), "an idle lane keeps nothing after a backlog");
    }

    @Test
    void shouldSizeTheNextRowArraysLikeTheLastBlockWhenItWasFull() {
        BlockBuilder b = builder(1_000, 1 << 24, 60_000);
        for (long offset = 0; offset < 1_000; offset++) {
            append(b, offset);
        }
        b.build();
        append(b, 1_000);
        // bytes grow a chunk at a time without copying, so only the row arrays are pre-sized
        assertTrue(b.footprint() >= 12L * 1_000, "no regrowth at the steady size: " + b.footprint());
    }

    @Test
    void shouldStartSmallWhenTheLastBlockWasCutBeforeItWasFull() {
        BlockBuilder b = builder(100_000, 1 << 24, 60_000);
        for (long offset = 0; offset < 1_000; offset++) {
            append(b, offset);
        }
        b.build();
        append(b, 1_000);
        assertTrue(b.footprint() < 8_192, "one row does not claim the last block's size: " + b.footprint());
    }

    @Test
    void shouldTrimTheArraysOfABlockWhenMostlyEmpty() {
        BlockBuilder b = builder(100_000, 1 << 24, 60_000);
        for (long offset = 0; offset < 1_025; offset++) { // just past a doubling: capacity 2,048 rows
            append(b, offset);
        }
        int size = b.byteSize();
        Block block = b.build();
        assertEquals(size + 4L * 1_026 + 8L * 1_025, block.footprint());
        assertEquals(1_025, block.rowCount());
    }
}
