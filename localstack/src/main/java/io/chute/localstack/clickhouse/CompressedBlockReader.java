package io.chute.localstack.clickhouse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import com.clickhouse.data.ClickHouseCityHash;
import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Reads a request body in ClickHouse's native compressed block framing ({@code decompress=1}): per block a 16-byte
 * CityHash128 of the rest, a method byte (0x82 LZ4, 0x90 ZSTD, 0x02 none), the compressed size (including the 9
 * header bytes) and the uncompressed size, little-endian. client-v2 sends ZSTD blocks by default when it compresses
 * requests, which clickhouse-data's LZ4-only stream cannot read. Checksums are verified.
 */
final class CompressedBlockReader extends InputStream {
    private static final int HEADER = 9;
    private static final int MAX_BLOCK = 1 << 30;
    private static final LZ4FastDecompressor LZ4 = LZ4Factory.fastestInstance().fastDecompressor();

    private final InputStream in;
    private final byte[] checksum = new byte[16];
    private byte[] compressed = new byte[0];
    private byte[] block = new byte[0];
    private int pos;
    private int limit;

    CompressedBlockReader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !nextBlock()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean nextBlock() throws IOException {
        int first = in.readNBytes(checksum, 0, 16);
        if (first == 0) {
            return false;
        }
        if (first < 16) {
            throw new EOFException("truncated compressed block checksum");
        }
        byte[] header = new byte[HEADER];
        readFully(header, 0, HEADER);
        int compressedSize = intLE(header, 1);
        int size = intLE(header, 5);
        if (compressedSize < HEADER || compressedSize > MAX_BLOCK || size < 0 || size > MAX_BLOCK) {
            throw new IOException("corrupt compressed block header");
        }
        if (compressed.length < compressedSize) {
            compressed = new byte[compressedSize];
        }
        System.arraycopy(header, 0, compressed, 0, HEADER);
        readFully(compressed, HEADER, compressedSize - HEADER);
        verifyChecksum(compressedSize);
        if (block.length < size) {
            block = new byte[size];
        }
        switch (header[0] & 0xff) {
            case 0x82 -> LZ4.decompress(compressed, HEADER, block, 0, size);
            case 0x90 -> Zstd.decompressByteArray(block, 0, size, compressed, HEADER, compressedSize - HEADER);
            case 0x02 -> System.arraycopy(compressed, HEADER, block, 0, size);
            default -> throw new IOException("unknown compression method 0x" + Integer.toHexString(header[0] & 0xff));
        }
        pos = 0;
        limit = size;
        return true;
    }

    private void verifyChecksum(int compressedSize) throws IOException {
        long[] hash = ClickHouseCityHash.cityHash128(compressed, 0, compressedSize);
        if (hash[0] != longLE(checksum, 0) || hash[1] != longLE(checksum, 8)) {
            throw new IOException("checksum mismatch in compressed block");
        }
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        if (in.readNBytes(b, off, len) < len) {
            throw new EOFException("truncated compressed block");
        }
    }

    private static int intLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static long longLE(byte[] b, int off) {
        return (intLE(b, off) & 0xffffffffL) | ((long) intLE(b, off + 4)) << 32;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
