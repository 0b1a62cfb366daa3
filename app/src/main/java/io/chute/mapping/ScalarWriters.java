package io.chute.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.util.Utf8;

/** Writers for numbers, booleans, strings, UUIDs, enums and dates. */
final class ScalarWriters {
    private static final int DATE32_MIN = (int) LocalDate.of(1900, 1, 1).toEpochDay();
    private static final int DATE32_MAX = (int) LocalDate.of(2299, 12, 31).toEpochDay();

    private ScalarWriters() {
    }

    /** Int8..Int256, UInt8..UInt256 from an Avro int/long, range-checked. */
    static ValueWriter integer(ClickHouseType.Kind kind) {
        long[] range = integerRange(kind);
        long min = range[0];
        long max = range[1];
        int width = kind.width();
        return (value, out) -> writeInteger(((Number) value).longValue(), min, max, width, kind, out);
    }

    /** {min, max} of the values an Avro long may take in {@code kind} (UInt64 and wider stop at Long.MAX_VALUE). */
    static long[] integerRange(ClickHouseType.Kind kind) {
        int width = kind.width();
        if (kind.isUnsigned()) {
            return new long[] {0, width >= 8 ? Long.MAX_VALUE : (1L << (width * 8)) - 1};
        }
        return new long[] {width >= 8 ? Long.MIN_VALUE : -(1L << (width * 8 - 1)),
            width >= 8 ? Long.MAX_VALUE : (1L << (width * 8 - 1)) - 1};
    }

    /** Writes {@code v} in {@code width} bytes after the range check shared by both encoders. */
    static void writeInteger(long v, long min, long max, int width, ClickHouseType.Kind kind, RowBinaryBuffer out) {
        if (v < min || v > max) {
            throw new ValueException(v + " is out of range for " + kind);
        }
        writeFixedWidth(v, width, out);
    }

    /** Little-endian two's complement in 1, 2, 4, 8, 16 or 32 bytes. */
    static void writeFixedWidth(long v, int width, RowBinaryBuffer out) {
        switch (width) {
            case 1 -> out.writeByte((int) v);
            case 2 -> out.writeShortLE((int) v);
            case 4 -> out.writeIntLE((int) v);
            default -> {
                out.writeLongLE(v);
                long sign = v < 0 ? -1L : 0L;
                for (int i = 8; i < width; i += 8) {
                    out.writeLongLE(sign);
                }
            }
        }
    }

    static ValueWriter bool() {
        return (value, out) -> out.writeByte(((Boolean) value) ? 1 : 0);
    }

    static ValueWriter float32() {
        return (value, out) -> out.writeFloatLE(((Number) value).floatValue());
    }

    static ValueWriter float64() {
        return (value, out) -> out.writeDoubleLE(((Number) value).doubleValue());
    }

    static ValueWriter string() {
        return Strings::writeString;
    }

    /** Avro enum symbol -> its name as a String, bytes precomputed per ordinal. */
    static ValueWriter enumSymbolAsString(Schema avroEnum) {
        byte[][] names = new byte[avroEnum.getEnumSymbols().size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = avroEnum.getEnumSymbols().get(i).getBytes(StandardCharsets.UTF_8);
        }
        return (value, out) -> {
            byte[] name = names[avroEnum.getEnumOrdinal(value.toString())];
            out.writeString(name, 0, name.length);
        };
    }

    /** FixedString(N): at most N bytes, zero-padded. */
    static ValueWriter fixedString(int n) {
        return (value, out) -> {
            int length = Strings.length(value);
            if (length > n) {
                throw new ValueException(length + " bytes do not fit FixedString(" + n + ")");
            }
            Strings.writeRaw(value, out);
            out.writeZeros(n - length);
        };
    }

    /** UUID from its 36-character text or 16 big-endian bytes; RowBinary is two little-endian UInt64, high first. */
    static ValueWriter uuid() {
        return (value, out) -> {
            if (value instanceof GenericFixed f && f.bytes().length == 16) {
                writeUuidBytes(f.bytes(), 0, out);
            } else {
                Utf8 text = Strings.utf8(value);
                writeUuidText(text.getBytes(), 0, text.getByteLength(), out);
            }
        };
    }

    /** 16 big-endian bytes at {@code off} as a RowBinary UUID. */
    static void writeUuidBytes(byte[] b, int off, RowBinaryBuffer out) {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, 16);
        out.writeLongLE(buffer.getLong(off));
        out.writeLongLE(buffer.getLong(off + 8));
    }

    /** The 36-character text form at {@code off} as a RowBinary UUID. */
    static void writeUuidText(byte[] b, int off, int length, RowBinaryBuffer out) {
        if (length != 36 || b[off + 8] != '-' || b[off + 13] != '-' || b[off + 18] != '-' || b[off + 23] != '-') {
            throw new ValueException("'" + new String(b, off, length, StandardCharsets.UTF_8)
                    + "' is not a UUID");
        }
        long high = (hex(b, off, 8) << 32) | (hex(b, off + 9, 4) << 16) | hex(b, off + 14, 4);
        long low = (hex(b, off + 19, 4) << 48) | hex(b, off + 24, 12);
        out.writeLongLE(high);
        out.writeLongLE(low);
    }

    private static final byte[] HEX_DIGITS = hexDigits();

    private static byte[] hexDigits() {
        byte[] digits = new byte[256];
        Arrays.fill(digits, (byte) -1);
        for (int c = 0; c < 256; c++) {
            int d = Character.digit(c, 16);
            if (d >= 0 && c < 128) {
                digits[c] = (byte) d;
            }
        }
        return digits;
    }

    private static long hex(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            int d = HEX_DIGITS[b[i] & 0xff];
            if (d < 0) {
                throw new ValueException("invalid hex digit in UUID");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Enum8/16 from a string (by name). */
    static ValueWriter enumFromString(ClickHouseType.Enum type) {
        Map<Utf8, Integer> byName = new HashMap<>();
        type.values().forEach((k, v) -> byName.put(new Utf8(k), v));
        return (value, out) -> {
            Integer v = byName.get(Strings.utf8(value));
            if (v == null) {
                throw new ValueException("'" + value + "' is not a value of " + type);
            }
            writeEnumValue(type, v, out);
        };
    }

    /** Enum8/16 from an Avro enum symbol (by name); the mapping per ordinal is computed once. */
    static ValueWriter enumFromAvroEnum(Schema avroEnum, ClickHouseType.Enum type) {
        Integer[] byOrdinal = new Integer[avroEnum.getEnumSymbols().size()];
        for (int i = 0; i < byOrdinal.length; i++) {
            byOrdinal[i] = type.values().get(avroEnum.getEnumSymbols().get(i));
        }
        return (value, out) -> {
            String symbol = value instanceof GenericEnumSymbol<?> s ? s.toString() : value.toString();
            Integer v = byOrdinal[avroEnum.getEnumOrdinal(symbol)];
            if (v == null) {
                throw new ValueException("symbol " + symbol + " is not a value of " + type);
            }
            writeEnumValue(type, v, out);
        };
    }

    private static void writeEnumValue(ClickHouseType.Enum type, int v, RowBinaryBuffer out) {
        if (type.bits() == 8) {
            out.writeByte(v);
        } else {
            out.writeShortLE(v);
        }
    }

    /** Date (UInt16 days) or Date32 (Int32 days) from Avro int days or an ISO {@code yyyy-MM-dd} string. */
    static ValueWriter date(boolean date32) {
        return (value, out) -> {
            long days;
            if (value instanceof CharSequence cs) {
                try {
                    days = LocalDate.parse(cs).toEpochDay();
                } catch (DateTimeParseException e) {
                    throw new ValueException("'" + cs + "' is not an ISO date");
                }
            } else {
                days = ((Number) value).longValue();
            }
            writeDays(days, date32, out);
        };
    }

    /** Days since the epoch as a Date (UInt16) or Date32 (Int32), range-checked (shared by both encoders). */
    static void writeDays(long days, boolean date32, RowBinaryBuffer out) {
        if (date32) {
            if (days < DATE32_MIN || days > DATE32_MAX) {
                throw new ValueException("day " + days + " is outside the Date32 range");
            }
            out.writeIntLE((int) days);
        } else {
            if (days < 0 || days > 0xFFFF) {
                throw new ValueException("day " + days + " is outside the Date range");
            }
            out.writeShortLE((int) days);
        }
    }
}
