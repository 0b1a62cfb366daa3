package io.chute.mapping;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array for RowBinary: little-endian fixed-width writes, LEB128 varints, and {@link #mark()} /
 * {@link #reset(int)} so a row that fails half-way can be rolled back. Not thread-safe.
 */
public final class RowBinaryBuffer {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int size;

    public RowBinaryBuffer() {
        this(4096);
    }

    public RowBinaryBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}, replaced when the buffer grows. */
    public byte[] array() {
        return bytes;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Forgets the content, keeps the capacity. */
    public void clear() {
        size = 0;
    }

    /** The current position, for {@link #reset(int)}. */
    public int mark() {
        return size;
    }

    /** Drops everything written after {@code mark}. */
    public void reset(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("mark " + mark + " outside [0, " + size + "]");
        }
        size = mark;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("RowBinary buffer cannot grow beyond 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    public void writeByte(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    public void writeShortLE(int v) {
        ensure(2);
        SHORT.set(bytes, size, (short) v);
        size += 2;
    }

    public void writeIntLE(int v) {
        ensure(4);
        INT.set(bytes, size, v);
        size += 4;
    }

    public void writeLongLE(long v) {
        ensure(8);
        LONG.set(bytes, size, v);
        size += 8;
    }

    public void writeFloatLE(float v) {
        writeIntLE(Float.floatToRawIntBits(v));
    }

    public void writeDoubleLE(double v) {
        writeLongLE(Double.doubleToRawLongBits(v));
    }

    /** Unsigned LEB128, as RowBinary uses for string lengths and collection sizes. */
    public void writeVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    public void writeBytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    public void writeZeros(int count) {
        ensure(count);
        Arrays.fill(bytes, size, size + count, (byte) 0);
        size += count;
    }

    /** A varint length then the bytes: a RowBinary String. */
    public void writeString(byte[] src, int offset, int length) {
        writeVarint(length);
        writeBytes(src, offset, length);
    }
}
