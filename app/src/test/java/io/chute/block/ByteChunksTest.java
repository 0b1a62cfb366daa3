package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ByteChunksTest {

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Appends {@code all} in pieces of varying length, as rows arrive. */
    private static ByteChunks appended(byte[] all) {
        ByteChunks chunks = new ByteChunks();
        Random lengths = new Random(7);
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, 1 + lengths.nextInt(3 * ByteChunks.CHUNK_BYTES / 2));
            chunks.append(all, at, n);
            at += n;
        }
        return chunks;
    }

    private static byte[] readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void shouldReadBackEveryRangeWhenRowsSpanChunks() throws IOException {
        byte[] all = random(5 * ByteChunks.CHUNK_BYTES + 123, 1);
        ByteChunks chunks = appended(all);
        assertEquals(all.length, chunks.size());
        int[][] ranges = {{0, all.length}, {1, ByteChunks.CHUNK_BYTES + 1}, {ByteChunks.CHUNK_BYTES - 3,
                ByteChunks.CHUNK_BYTES + 3}, {all.length - 10, all.length}, {70_000, 70_000}};
        for (int[] r : ranges) {
            byte[] expected = Arrays.copyOfRange(all, r[0], r[1]);
            assertArrayEquals(expected, chunks.copy(r[0], r[1]), "copy " + Arrays.toString(r));
            assertArrayEquals(expected, readAll(chunks.newInputStream(r[0], r[1]), 1000), "stream " + Arrays.toString(r));
        }
    }

    @Test
    void shouldReadByteByByteLikeInBulkWhenStreamed() throws IOException {
        byte[] all = random(ByteChunks.CHUNK_BYTES + 50, 2);
        ByteChunks chunks = appended(all);
        InputStream in = chunks.newInputStream(ByteChunks.CHUNK_BYTES - 20, ByteChunks.CHUNK_BYTES + 20);
        assertEquals(40, in.available());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            out.write(b);
        }
        assertArrayEquals(Arrays.copyOfRange(all, ByteChunks.CHUNK_BYTES - 20, ByteChunks.CHUNK_BYTES + 20),
                out.toByteArray());
        assertEquals(-1, in.read(new byte[4], 0, 4));
    }

    @Test
    void shouldResendFromTheFirstByteWhenResetLikeAByteArrayStream() throws IOException {
        byte[] all = random(3 * ByteChunks.CHUNK_BYTES, 8);
        ByteChunks chunks = appended(all);
        InputStream in = chunks.newInputStream(100, all.length);
        assertTrue(in.markSupported());
        assertEquals(all.length - 100, in.skip(ByteChunks.CHUNK_BYTES + 7) + readAll(in, 4096).length);
        in.reset();
        assertArrayEquals(Arrays.copyOfRange(all, 100, all.length), readAll(in, 777));
        in.reset();
        in.skip(10);
        in.mark(0);
        in.skip(ByteChunks.CHUNK_BYTES);
        in.reset();
        assertArrayEquals(Arrays.copyOfRange(all, 110, all.length), readAll(in, 4096));
    }

    @Test
    void shouldNeverHoldAnArrayAboveOneChunkWhenLarge() {
        ByteChunks chunks = appended(random(40 * ByteChunks.CHUNK_BYTES + 1, 3));
        // capacity is whole chunks plus the last one's: nothing was allocated above a chunk or doubled past need
        assertTrue(chunks.capacity() <= 41L * ByteChunks.CHUNK_BYTES, "capacity " + chunks.capacity());
        assertTrue(chunks.capacity() >= chunks.size());
    }

    @Test
    void shouldStartSmallAndDoubleWhenQuiet() {
        ByteChunks chunks = new ByteChunks();
        chunks.append(new byte[10], 0, 10);
        assertEquals(ByteChunks.FIRST_CHUNK_BYTES, chunks.capacity());
        chunks.append(new byte[ByteChunks.FIRST_CHUNK_BYTES], 0, ByteChunks.FIRST_CHUNK_BYTES);
        assertEquals(2L * ByteChunks.FIRST_CHUNK_BYTES, chunks.capacity());
    }

    @Test
    void shouldTrimLastChunkWhenMostlyEmpty() {
        ByteChunks chunks = new ByteChunks();
        byte[] all = random(2 * ByteChunks.CHUNK_BYTES + 100, 4);
        chunks.append(all, 0, all.length);
        assertEquals(3L * ByteChunks.CHUNK_BYTES, chunks.capacity());
        chunks.trim();
        assertEquals(all.length, chunks.capacity());
        assertArrayEquals(all, chunks.copy(0, all.length));
    }

    @Test
    void shouldKeepLastChunkWhenMostlyUsed() {
        ByteChunks chunks = new ByteChunks();
        byte[] all = random(ByteChunks.CHUNK_BYTES + ByteChunks.CHUNK_BYTES * 9 / 10, 5);
        chunks.append(all, 0, all.length);
        chunks.trim();
        assertEquals(2L * ByteChunks.CHUNK_BYTES, chunks.capacity());
    }

    @Test
    void shouldRejectRangeWhenOutsideTheBytes() {
        ByteChunks chunks = appended(random(100, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> chunks.copy(50, 101));
        assertThrows(IndexOutOfBoundsException.class, () -> chunks.newInputStream(-1, 10));
    }
}
