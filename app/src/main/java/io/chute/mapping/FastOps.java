package io.chute.mapping;

import java.nio.charset.StandardCharsets;

import org.apache.avro.Schema;

/**
 * The fast path's operations, one per (Avro type, ClickHouse type) pair that has one (see {@link TypeMappings}).
 * Each shares its range checks and byte layout with the generic writer of the same pair ({@link ScalarWriters},
 * {@link TemporalWriters}), so both write the same bytes.
 */
final class FastOps {
    private FastOps() {
    }

    static FastOp integer(ClickHouseType.Kind kind) {
        long[] range = ScalarWriters.integerRange(kind);
        int width = kind.width();
        return (r, i, out) -> ScalarWriters.writeInteger(r.number[i], range[0], range[1], width, kind, out);
    }

    static FastOp bool() {
        return (r, i, out) -> out.writeByte((int) r.number[i]);
    }

    static FastOp float32FromFloat() {
        return (r, i, out) -> out.writeFloatLE(Float.intBitsToFloat((int) r.number[i]));
    }

    static FastOp float32FromInteger() {
        return (r, i, out) -> out.writeFloatLE((float) r.number[i]);
    }

    static FastOp float64FromFloat() {
        return (r, i, out) -> out.writeDoubleLE(Float.intBitsToFloat((int) r.number[i]));
    }

    static FastOp float64FromDouble() {
        return (r, i, out) -> out.writeDoubleLE(Double.longBitsToDouble(r.number[i]));
    }

    static FastOp float64FromInteger() {
        return (r, i, out) -> out.writeDoubleLE((double) r.number[i]);
    }

    static FastOp string() {
        return (r, i, out) -> out.writeString(r.source, r.start[i], r.length[i]);
    }

    /** An Avro enum's symbol by index, bytes precomputed (as {@link ScalarWriters#enumSymbolAsString}). */
    static FastOp enumSymbol(Schema avroEnum) {
        byte[][] names = new byte[avroEnum.getEnumSymbols().size()][];
        for (int k = 0; k < names.length; k++) {
            names[k] = avroEnum.getEnumSymbols().get(k).getBytes(StandardCharsets.UTF_8);
        }
        return (r, i, out) -> {
            byte[] name = names[(int) r.number[i]];
            out.writeString(name, 0, name.length);
        };
    }

    /** An Avro enum into Enum8/16 by symbol name (as {@link ScalarWriters#enumFromAvroEnum}). */
    static FastOp enumValue(Schema avroEnum, ClickHouseType.Enum type) {
        Integer[] byOrdinal = new Integer[avroEnum.getEnumSymbols().size()];
        for (int k = 0; k < byOrdinal.length; k++) {
            byOrdinal[k] = type.values().get(avroEnum.getEnumSymbols().get(k));
        }
        boolean eight = type.bits() == 8;
        return (r, i, out) -> {
            Integer v = byOrdinal[(int) r.number[i]];
            if (v == null) {
                throw new ValueException("symbol not in " + type);
            }
            if (eight) {
                out.writeByte(v);
            } else {
                out.writeShortLE(v);
            }
        };
    }

    static FastOp fixedString(int n) {
        return (r, i, out) -> {
            if (r.length[i] > n) {
                throw new ValueException(r.length[i] + " bytes do not fit FixedString(" + n + ")");
            }
            out.writeBytes(r.source, r.start[i], r.length[i]);
            out.writeZeros(n - r.length[i]);
        };
    }

    static FastOp uuidText() {
        return (r, i, out) -> ScalarWriters.writeUuidText(r.source, r.start[i], r.length[i], out);
    }

    static FastOp uuidBytes() {
        return (r, i, out) -> ScalarWriters.writeUuidBytes(r.source, r.start[i], out);
    }

    static FastOp days(boolean date32) {
        return (r, i, out) -> ScalarWriters.writeDays(r.number[i], date32, out);
    }

    static FastOp dateTime(int sourceExponent) {
        return (r, i, out) -> TemporalWriters.writeDateTime(r.number[i], sourceExponent, out);
    }

    static FastOp dateTime64(int sourceExponent, int precision) {
        return (r, i, out) -> TemporalWriters.writeDateTime64(r.number[i], sourceExponent, precision, out);
    }
}
