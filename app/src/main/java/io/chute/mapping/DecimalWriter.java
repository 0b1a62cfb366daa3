package io.chute.mapping;

import java.math.BigInteger;
import java.nio.ByteBuffer;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;

/**
 * Decimal(P, S) from an Avro decimal (bytes or fixed, big-endian two's complement unscaled value) or an Avro
 * int/long. Rescaling is exact: a value that would lose digits, or exceed P digits, is a mapping error. Values that
 * fit in a long take an allocation-free path.
 */
final class DecimalWriter implements ValueWriter {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final ClickHouseType.Decimal target;
    private final int scaleDiff;
    private final BigInteger limit;

    private DecimalWriter(int sourceScale, ClickHouseType.Decimal target) {
        this.target = target;
        this.scaleDiff = target.scale() - sourceScale;
        this.limit = BigInteger.TEN.pow(target.precision());
    }

    /** A writer for {@code avro} (decimal bytes/fixed, or int/long), or null when the Avro type does not fit. */
    static DecimalWriter forAvro(Schema avro, ClickHouseType.Decimal target) {
        if (avro.getLogicalType() instanceof LogicalTypes.Decimal d
                && (avro.getType() == Schema.Type.BYTES || avro.getType() == Schema.Type.FIXED)) {
            return new DecimalWriter(d.getScale(), target);
        }
        if (avro.getType() == Schema.Type.INT || avro.getType() == Schema.Type.LONG) {
            return new DecimalWriter(0, target);
        }
        return null;
    }

    @Override
    public void write(Object value, RowBinaryBuffer out) {
        if (value instanceof Number n) {
            writeLong(n.longValue(), out);
            return;
        }
        byte[] bytes;
        int offset;
        int length;
        if (value instanceof ByteBuffer b && b.hasArray()) {
            bytes = b.array();
            offset = b.arrayOffset() + b.position();
            length = b.remaining();
        } else if (value instanceof GenericFixed f) {
            bytes = f.bytes();
            offset = 0;
            length = bytes.length;
        } else {
            throw new ValueException("expected decimal bytes, got " + value.getClass().getSimpleName());
        }
        if (length == 0) {
            throw new ValueException("empty decimal bytes");
        }
        if (length <= 8) {
            long unscaled = bytes[offset]; // sign-extends
            for (int i = 1; i < length; i++) {
                unscaled = (unscaled << 8) | (bytes[offset + i] & 0xff);
            }
            writeLong(unscaled, out);
        } else {
            writeBig(new BigInteger(bytes, offset, length), out);
        }
    }

    private void writeLong(long unscaled, RowBinaryBuffer out) {
        long v;
        if (scaleDiff >= 0) {
            if (scaleDiff >= POW10.length) {
                writeBig(BigInteger.valueOf(unscaled), out);
                return;
            }
            long factor = POW10[scaleDiff];
            long hi = Math.multiplyHigh(unscaled, factor);
            v = unscaled * factor;
            if ((hi != 0 || v < 0) && (hi != -1 || v >= 0)) {
                writeBig(BigInteger.valueOf(unscaled), out);
                return;
            }
        } else {
            if (-scaleDiff >= POW10.length) {
                writeBig(BigInteger.valueOf(unscaled), out);
                return;
            }
            long divisor = POW10[-scaleDiff];
            if (unscaled % divisor != 0) {
                throw new ValueException("rescaling to " + target + " would lose digits");
            }
            v = unscaled / divisor;
        }
        if (target.precision() < 19 && (v >= POW10[target.precision()] || v <= -POW10[target.precision()])) {
            throw new ValueException("value exceeds the precision of " + target);
        }
        ScalarWriters.writeFixedWidth(v, target.width(), out);
    }

    private void writeBig(BigInteger unscaled, RowBinaryBuffer out) {
        BigInteger v;
        if (scaleDiff >= 0) {
            v = unscaled.multiply(BigInteger.TEN.pow(scaleDiff));
        } else {
            BigInteger[] qr = unscaled.divideAndRemainder(BigInteger.TEN.pow(-scaleDiff));
            if (qr[1].signum() != 0) {
                throw new ValueException("rescaling to " + target + " would lose digits");
            }
            v = qr[0];
        }
        if (v.abs().compareTo(limit) >= 0) {
            throw new ValueException("value exceeds the precision of " + target);
        }
        int width = target.width();
        if (width <= 8) {
            ScalarWriters.writeFixedWidth(v.longValue(), width, out);
            return;
        }
        byte[] be = v.toByteArray(); // big-endian, minimal; |v| < 10^P guarantees it fits in width
        int fill = v.signum() < 0 ? 0xff : 0;
        for (int i = be.length - 1; i >= 0; i--) {
            out.writeByte(be[i]);
        }
        for (int i = be.length; i < width; i++) {
            out.writeByte(fill);
        }
    }
}
