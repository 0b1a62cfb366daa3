package io.chute.block;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An immutable run of encoded rows (RowBinaryWithDefaults) of one (table, topic, partition), ready to insert.
 *
 * <p>A block owns its arrays: the builder hands them over and never writes them again, so the bytes stay
 * identical for every retry. {@link #slice} shares the arrays (no copy) and carries a split path; its token is
 * {@code <root token>/<path>}, so re-running the same bisection produces the same sub-tokens.
 *
 * <p>Every row of a block is encoded for the same column list, {@link #columns()}; the INSERT names it, so a block
 * stays valid when columns are added to the table after it was formed.
 */
public final class Block {

    private final BlockId id;
    private final String path;
    private final List<String> columns;
    private final ByteChunks data;
    // rowStarts[i] = start of row i in data; rowStarts[from..to] is valid, rowStarts[to] = end of the last row.
    private final int[] rowStarts;
    private final long[] offsets;
    private final int from;
    private final int to;
    private final long lastTimestamp;

    /** Bytes of heap its arrays take (slices share their parent's): what the memory budget counts while in flight. */
    public long footprint() {
        return data.capacity() + 4L * rowStarts.length + 8L * offsets.length;
    }

    Block(BlockId id, String path, List<String> columns, ByteChunks data, int[] rowStarts, long[] offsets, int from,
          int to, long lastTimestamp) {
        this.id = Objects.requireNonNull(id);
        this.path = Objects.requireNonNull(path);
        this.columns = Objects.requireNonNull(columns);
        this.data = data;
        this.rowStarts = rowStarts;
        this.offsets = offsets;
        this.from = from;
        this.to = to;
        this.lastTimestamp = lastTimestamp;
    }

    /** Identity of the root block this block belongs to (a slice keeps its root's identity). */
    public BlockId id() {
        return id;
    }

    /**
     * The columns every row is encoded for, in order; the INSERT names them. Empty: the table's insertable columns
     * in table order at insert time (no column list in the INSERT).
     */
    public List<String> columns() {
        return columns;
    }

    /** Bisection path from the root block: "" for the root, then "0"/"1" per halving, e.g. "01". */
    public String path() {
        return path;
    }

    /** The deduplication token: the root token, plus {@code "/" + path} for a slice. */
    public String token() {
        return path.isEmpty() ? id.token() : id.token() + '/' + path;
    }

    /** A query id for one attempt: stable prefix from the token hash (to find it in query_log), attempt suffix. */
    public String queryId(int attempt) {
        return queryId(token(), attempt);
    }

    /** The query id of one attempt to insert under {@code token} (a block's or a group's). */
    public static String queryId(String token, int attempt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "chute-" + HexFormat.of().formatHex(hash, 0, 12) + "-" + attempt;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /**
     * Timestamp (ms) of the root block's last source record, for end-to-end latency once the block landed; -1 when
     * unknown (a block re-formed by recovery).
     */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    public int rowCount() {
        return to - from;
    }

    public int byteSize() {
        return rowStarts[to] - rowStarts[from];
    }

    /** Kafka offset of row {@code row} (0-based within this block). */
    public long offsetAt(int row) {
        return offsets[from + Objects.checkIndex(row, rowCount())];
    }

    public long firstOffset() {
        return offsets[from];
    }

    public long lastOffset() {
        return offsets[to - 1];
    }

    /** Index of row {@code row} of this block within its root block (what bad-row reports use). */
    public int rootRow(int row) {
        return from + Objects.checkIndex(row, rowCount());
    }

    /** A copy of one row's encoded bytes, e.g. for a dead letter. */
    public byte[] rowBytes(int row) {
        int r = from + Objects.checkIndex(row, rowCount());
        return data.copy(rowStarts[r], rowStarts[r + 1]);
    }

    /** A fresh stream over this block's bytes; each call starts at the first byte (retries resend the same bytes). */
    public InputStream newInputStream() {
        return data.newInputStream(rowStarts[from], rowStarts[to]);
    }

    /**
     * Rows {@code [fromRow, toRow)} of this block, sharing its bytes.
     *
     * @param splitPath the full bisection path from the root; determines the sub-token
     */
    public Block slice(int fromRow, int toRow, String splitPath) {
        Objects.checkFromToIndex(fromRow, toRow, rowCount());
        if (fromRow == toRow) {
            throw new IllegalArgumentException("empty slice");
        }
        if (splitPath == null || splitPath.isEmpty() || !splitPath.chars().allMatch(c -> c == '0' || c == '1')) {
            throw new IllegalArgumentException("split path must be a non-empty string of 0/1: " + splitPath);
        }
        return new Block(id, splitPath, columns, data, rowStarts, offsets, from + fromRow, from + toRow,
                lastTimestamp);
    }

    /**
     * This block's rows under another root identity: recovery re-inserts an interrupted block under the token the
     * ledger recorded, even if re-forming it from the source yielded a different row set (e.g. retention).
     */
    public Block reidentified(BlockId rootId) {
        if (!path.isEmpty()) {
            throw new IllegalStateException("only a root block can be re-identified: " + this);
        }
        return new Block(rootId, "", columns, data, rowStarts, offsets, from, to, lastTimestamp);
    }

    @Override
    public String toString() {
        return "Block[" + token() + ", rows=" + rowCount() + ", bytes=" + byteSize() + "]";
    }
}
