package io.chute.mapping;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/** DateTime / DateTime64 from Avro timestamp logical types. */
final class TemporalWriters {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private TemporalWriters() {
    }

    /**
     * The decimal exponent of the unit of an Avro timestamp ({@code timestamp-millis} -> 3, {@code -micros} -> 6,
     * {@code -nanos} -> 9, same for {@code local-timestamp-*}), or -1 when the schema is not a timestamp.
     */
    static int unitExponent(Schema avro) {
        LogicalType logical = avro.getLogicalType();
        if (avro.getType() != Schema.Type.LONG || logical == null) {
            return -1;
        }
        String name = logical.getName();
        if (!name.startsWith("timestamp-") && !name.startsWith("local-timestamp-")) {
            return -1;
        }
        return name.endsWith("millis") ? 3 : name.endsWith("micros") ? 6 : name.endsWith("nanos") ? 9 : -1;
    }

    /** DateTime: UInt32 seconds since the epoch (floored). */
    static ValueWriter dateTime(int sourceExponent) {
        return (value, out) -> writeDateTime(((Number) value).longValue(), sourceExponent, out);
    }

    /** A timestamp in units of 10^-{@code sourceExponent} s as a DateTime (shared by both encoders). */
    static void writeDateTime(long value, int sourceExponent, RowBinaryBuffer out) {
        long seconds = Math.floorDiv(value, POW10[sourceExponent]);
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new ValueException(seconds + " s since the epoch is outside the DateTime range");
        }
        out.writeIntLE((int) seconds);
    }

    /** DateTime64(p): Int64 ticks of 10^-p s, rescaled from the source unit (finer units are floored). */
    static ValueWriter dateTime64(int sourceExponent, int precision) {
        return (value, out) -> writeDateTime64(((Number) value).longValue(), sourceExponent, precision, out);
    }

    /** A timestamp in units of 10^-{@code sourceExponent} s as a DateTime64(precision) (shared by both encoders). */
    static void writeDateTime64(long v, int sourceExponent, int precision, RowBinaryBuffer out) {
        if (precision >= sourceExponent) {
            long factor = POW10[precision - sourceExponent];
            long hi = Math.multiplyHigh(v, factor);
            long ticks = v * factor;
            if ((hi != 0 || ticks < 0) && (hi != -1 || ticks >= 0)) {
                throw new ValueException(v + " overflows DateTime64(" + precision + ")");
            }
            out.writeLongLE(ticks);
        } else {
            out.writeLongLE(Math.floorDiv(v, POW10[sourceExponent - precision]));
        }
    }
}
