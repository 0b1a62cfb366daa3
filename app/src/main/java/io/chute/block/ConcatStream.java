package io.chute.block;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of several blocks, one after the other, each read from its own chunks. Supports mark/reset like
 * {@code ByteArrayInputStream}: client-v2 {@code reset()}s a body to resend it on a retry. A reset reopens the
 * blocks' streams and skips to the mark, which is cheap (chunk streams skip without reading).
 */
final class ConcatStream extends InputStream {
    private final List<Block> blocks;
    private int index;
    private InputStream current;
    private long pos;
    private long mark;
    private final byte[] one = new byte[1];

    ConcatStream(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
        this.current = this.blocks.isEmpty() ? InputStream.nullInputStream() : this.blocks.get(0).newInputStream();
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
    public void reset() throws IOException {
        index = 0;
        pos = 0;
        current = blocks.isEmpty() ? InputStream.nullInputStream() : blocks.get(0).newInputStream();
        long left = mark;
        while (left > 0) {
            long skipped = skip(left);
            if (skipped <= 0) {
                throw new IOException("cannot return to the mark at byte " + mark);
            }
            left -= skipped;
        }
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n = current.read(b, off, len);
            if (n > 0) {
                pos += n;
                return n;
            }
            if (!next()) {
                return -1;
            }
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            long s = current.skip(n - skipped);
            if (s > 0) {
                skipped += s;
            } else if (!next()) {
                break;
            }
        }
        pos += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return current.available();
    }

    private boolean next() {
        if (index + 1 >= blocks.size()) {
            return false;
        }
        current = blocks.get(++index).newInputStream();
        return true;
    }
}
