package io.chute.block;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Accumulates encoded rows of one (table, topic, partition) into {@link ByteChunks}, recording each row's start and
 * Kafka offset in primitive arrays (no per-row objects). Not thread-safe: one stream thread owns it.
 *
 * <p>The caller appends, then checks {@link #isFull()} (rows or bytes) and {@link #isLingerExpired(long)} (age);
 * either means {@link #build()}. A block may exceed {@code maxBytes} by at most the last row appended.
 */
public final class BlockBuilder {

    private static final int MIN_CAPACITY_ROWS = 64;

    private final String namespace;
    private final String table;
    private final String topic;
    private final int partition;
    private final BlockLimits limits;
    private final LongSupplier clockMillis;

    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];

    private ColumnLayout layout = ColumnLayout.NONE;
    private ByteChunks data = new ByteChunks();
    private int[] rowStarts = NO_INTS;
    private long[] offsets = NO_LONGS;
    private int rows;
    private long firstAppendMillis;
    private long lastTimestamp = -1;
    /** Capacity of the next block's row arrays, allocated at its first row: the last block's if it was full. */
    private int nextRows = MIN_CAPACITY_ROWS;

    public BlockBuilder(String namespace, String table, String topic, int partition, BlockLimits limits,
                        LongSupplier clockMillis) {
        this.namespace = namespace;
        this.table = table;
        this.topic = topic;
        this.partition = partition;
        this.limits = Objects.requireNonNull(limits);
        this.clockMillis = Objects.requireNonNull(clockMillis);
    }

    /**
     * Copies one encoded row. Offsets must strictly increase (Kafka order within a partition).
     *
     * @throws IllegalArgumentException if {@code kafkaOffset} does not increase
     */
    public void append(long kafkaOffset, byte[] src, int off, int len) {
        append(kafkaOffset, -1, src, off, len);
    }

    /**
     * Copies one encoded row of a source record with timestamp {@code timestamp} (ms; -1 when unknown), which the
     * block carries when it is the last row ({@link Block#lastTimestamp()}).
     *
     * @throws IllegalArgumentException if {@code kafkaOffset} does not increase
     */
    public void append(long kafkaOffset, long timestamp, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (rows > 0 && kafkaOffset <= offsets[rows - 1]) {
            throw new IllegalArgumentException("offset " + kafkaOffset + " not after " + offsets[rows - 1]);
        }
        if (rows == 0) {
            firstAppendMillis = clockMillis.getAsLong();
            if (offsets.length == 0) {
                allocate(nextRows);
            }
        }
        ensureRowCapacity();
        rowStarts[rows] = data.size();
        data.append(src, off, len);
        offsets[rows] = kafkaOffset;
        rows++;
        lastTimestamp = timestamp;
        rowStarts[rows] = data.size();
    }

    /**
     * Sets the layout the rows appended from now on are encoded for (see {@link Block#columns()}); a block holds
     * rows of one column list only, so a layout with other columns is allowed only while the builder is empty.
     *
     * @throws IllegalStateException when rows of the current block were encoded for other columns
     */
    public void layout(ColumnLayout next) {
        if (rows > 0 && !next.sameColumns(layout)) {
            throw new IllegalStateException("the open block's rows are encoded for " + layout.names()
                    + "; build it before appending rows for " + next.names());
        }
        layout = next;
    }

    /** {@link #layout(ColumnLayout)} of a column list not tied to a table version. */
    public void columns(List<String> columnNames) {
        layout(ColumnLayout.of(columnNames));
    }

    /** The layout of the open block's rows. */
    public ColumnLayout layout() {
        return layout;
    }

    /** The column list of the open block's rows. */
    public List<String> columns() {
        return layout.names();
    }

    /** Kafka offset of the open block's first row; -1 when empty. */
    public long firstOffset() {
        return rows == 0 ? -1 : offsets[0];
    }

    public int rowCount() {
        return rows;
    }

    public int byteSize() {
        return data.size();
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** True once the row or byte limit is reached. */
    public boolean isFull() {
        return rows >= limits.maxRows() || data.size() >= limits.maxBytes();
    }

    /** Milliseconds since the first row of the current block was appended; 0 when empty. */
    public long ageMillis(long nowMillis) {
        return rows == 0 ? 0 : Math.max(0, nowMillis - firstAppendMillis);
    }

    /** True when the current (non-empty) block is at least the linger limit old. */
    public boolean isLingerExpired(long nowMillis) {
        return rows > 0 && ageMillis(nowMillis) >= limits.lingerMillis();
    }

    /**
     * Bytes of heap the builder's arrays take (capacity, not fill): what the {@link MemoryBudget} counts. 0 after
     * {@link #build()} until the next row.
     */
    public long footprint() {
        return data.capacity() + 4L * rowStarts.length + 8L * offsets.length;
    }

    /**
     * Hands the accumulated rows over as an immutable block and starts a new, empty one. The block keeps the
     * chunks and arrays, trimmed when more than a fifth of them (of the last chunk) is unused (an in-flight block
     * holds them until it lands, and the budget counts capacity); the builder holds none until its next row. A lane
     * whose block was full then allocates row arrays of that size at once (a steady full lane does not regrow);
     * any other starts small and doubles, so a lane cut early by linger, memory pressure or a catch-up does not
     * claim its last block's size with its first row (at 192 lanes that capacity alone kept the budget at its
     * soft limit). Bytes grow a chunk at a time and are never copied, so they are not pre-sized.
     *
     * @throws IllegalStateException when empty
     */
    public Block build() {
        if (rows == 0) {
            throw new IllegalStateException("no rows to build a block from");
        }
        BlockId id = new BlockId(namespace, table, topic, partition, offsets[0], offsets[rows - 1]);
        boolean full = isFull();
        data.trim();
        Block block = new Block(id, "", layout.names(), data, trim(rowStarts, rows + 1), trim(offsets, rows), 0,
                rows, lastTimestamp);
        nextRows = full ? Math.max(MIN_CAPACITY_ROWS, Math.min(rows, limits.maxRows())) : MIN_CAPACITY_ROWS;
        data = new ByteChunks();
        rowStarts = NO_INTS;
        offsets = NO_LONGS;
        rows = 0;
        lastTimestamp = -1;
        return block;
    }

    private static boolean mostlyUsed(int capacity, int used) {
        return capacity - used <= capacity / 5;
    }

    private static int[] trim(int[] array, int used) {
        return mostlyUsed(array.length, used) ? array : Arrays.copyOf(array, used);
    }

    private static long[] trim(long[] array, int used) {
        return mostlyUsed(array.length, used) ? array : Arrays.copyOf(array, used);
    }

    private void allocate(int rowCapacity) {
        rowStarts = new int[rowCapacity + 1];
        offsets = new long[rowCapacity];
        rows = 0;
    }

    private void ensureRowCapacity() {
        if (rows == offsets.length) {
            int newRows = Math.max(MIN_CAPACITY_ROWS, offsets.length * 2);
            offsets = Arrays.copyOf(offsets, newRows);
            rowStarts = Arrays.copyOf(rowStarts, newRows + 1);
        }
    }
}
