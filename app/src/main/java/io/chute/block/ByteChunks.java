package io.chute.block;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block's encoded bytes in chunks of at most {@value #CHUNK_BYTES} bytes instead of one growable array (issue 10).
 * With G1's smallest regions (1 MiB, the size of a 512 MB heap), an array of half a region or more is a humongous
 * object that takes whole regions: at 256 lanes of 0.5-2 MiB blocks that waste was 60-80 MB of heap the memory
 * budget never saw (a 256-partition run left 263 MB after a full GC with 1 MiB regions, 182 MB with 4 MiB ones).
 * Chunks are far below any region's half, and growing never copies more than one chunk.
 *
 * <p>Every chunk but the last has exactly {@value #CHUNK_BYTES} bytes, so a position maps to its chunk by a shift.
 * The first chunk starts small and doubles up to that size, so a quiet lane holds a few KB, not a whole chunk.
 * Appended to by one thread while its block is open; read-only once the block is built.
 */
final class ByteChunks {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_BYTES = 1 << CHUNK_SHIFT;
    /** The first chunk's size before it doubles. */
    static final int FIRST_CHUNK_BYTES = 4096;
    private static final int CHUNK_MASK = CHUNK_BYTES - 1;
    private static final byte[][] NONE = new byte[0][];

    private byte[][] chunks = NONE;
    private int count;
    private int size;
    /** The chunks' lengths summed as they change: read per record (the budget), so never recounted. */
    private long capacity;

    /** Bytes written. */
    int size() {
        return size;
    }

    /** Bytes of heap the chunks take (capacity, not fill). */
    long capacity() {
        return capacity;
    }

    /** Appends {@code len} bytes of {@code src} from {@code off}. */
    void append(byte[] src, int off, int len) {
        if ((long) size + len > Integer.MAX_VALUE - CHUNK_BYTES) {
            throw new IllegalStateException("block would exceed 2 GiB; lower the byte limit");
        }
        while (len > 0) {
            int room = roomAt(size);
            int n = Math.min(room, len);
            System.arraycopy(src, off, chunks[size >>> CHUNK_SHIFT], size & CHUNK_MASK, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Shrinks the last chunk to what it holds when more than a fifth of it is unused: an in-flight block keeps its
     * chunks until it lands and the budget counts capacity.
     */
    void trim() {
        if (count == 0) {
            return;
        }
        byte[] last = chunks[count - 1];
        int used = size - ((count - 1) << CHUNK_SHIFT);
        if (last.length - used > last.length / 5) {
            chunks[count - 1] = Arrays.copyOf(last, used);
            capacity -= last.length - used;
        }
    }

    /** A copy of bytes {@code [from, to)}. */
    byte[] copy(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        byte[] out = new byte[to - from];
        int at = 0;
        for (int pos = from; pos < to; ) {
            int n = Math.min(CHUNK_BYTES - (pos & CHUNK_MASK), to - pos);
            System.arraycopy(chunks[pos >>> CHUNK_SHIFT], pos & CHUNK_MASK, out, at, n);
            at += n;
            pos += n;
        }
        return out;
    }

    /** A stream over bytes {@code [from, to)}; the chunks must not change while it is read. */
    InputStream newInputStream(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new ChunkStream(chunks, from, to);
    }

    /** Room left from {@code pos} in its chunk, adding or growing a chunk when there is none. */
    private int roomAt(int pos) {
        int index = pos >>> CHUNK_SHIFT;
        if (index == count) {
            add(new byte[count == 0 ? FIRST_CHUNK_BYTES : CHUNK_BYTES]);
        } else if (index == 0 && count == 1 && chunks[0].length == pos) {
            chunks[0] = Arrays.copyOf(chunks[0], Math.min(CHUNK_BYTES, 2 * pos));
            capacity += chunks[0].length - pos;
        }
        return chunks[index].length - (pos & CHUNK_MASK);
    }

    private void add(byte[] chunk) {
        if (count == chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(4, 2 * count));
        }
        chunks[count++] = chunk;
        capacity += chunk.length;
    }

    /**
     * Reads a range of chunks without copying them. Supports mark/reset like {@code ByteArrayInputStream} (the mark
     * starts at the range's first byte): client-v2 {@code reset()}s the body to resend it on a retry.
     */
    private static final class ChunkStream extends InputStream {
        private final byte[][] chunks;
        private final int end;
        private int pos;
        private int mark;

        ChunkStream(byte[][] chunks, int from, int to) {
            this.chunks = chunks;
            this.pos = from;
            this.mark = from;
            this.end = to;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public void mark(int readLimit) {
            mark = pos;
        }

        @Override
        public void reset() {
            pos = mark;
        }

        @Override
        public int read() {
            return pos < end ? chunks[pos >>> CHUNK_SHIFT][pos++ & CHUNK_MASK] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (pos >= end) {
                return -1;
            }
            int n = Math.min(len, Math.min(end - pos, CHUNK_BYTES - (pos & CHUNK_MASK)));
            System.arraycopy(chunks[pos >>> CHUNK_SHIFT], pos & CHUNK_MASK, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return end - pos;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - pos));
            pos += (int) skipped;
            return skipped;
        }
    }
}
