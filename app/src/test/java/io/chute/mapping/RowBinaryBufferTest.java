package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RowBinaryBufferTest {

    @Test
    void shouldWriteLeb128WhenWritingVarints() {
        RowBinaryBuffer b = new RowBinaryBuffer(1);

        b.writeVarint(0);
        b.writeVarint(127);
        b.writeVarint(128);
        b.writeVarint(300);
        b.writeVarint(-1L);

        byte[] expected = {0, 0x7f, (byte) 0x80, 1, (byte) 0xac, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertArrayEquals(expected, b.toByteArray());
    }

    @Test
    void shouldGrowAndKeepContentWhenCapacityIsExceeded() {
        RowBinaryBuffer b = new RowBinaryBuffer(16);
        for (int i = 0; i < 1000; i++) {
            b.writeIntLE(i);
        }

        assertEquals(4000, b.size());
        assertEquals(999 & 0xff, b.array()[3996] & 0xff);
        assertEquals(3, b.array()[3997]);
    }

    @Test
    void shouldDropLaterBytesWhenResetToMark() {
        RowBinaryBuffer b = new RowBinaryBuffer();
        b.writeLongLE(0x0102030405060708L);
        int mark = b.mark();
        b.writeZeros(100);

        b.reset(mark);

        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, b.toByteArray());
    }
}
