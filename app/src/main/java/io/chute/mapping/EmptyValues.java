package io.chute.mapping;

import java.util.Collections;

/**
 * The empty value of a ClickHouse type as RowBinary: what a null of an optional Avro array, map or record becomes
 * where no default marker can stand (inside an Array, Map or Tuple; see {@link NullRule#EMPTY}). It is the type's
 * implicit default: {@code []}, {@code {}}, each tuple element's default, NULL for Nullable, zero bytes for numbers,
 * dates and times, {@code ''}, and an Enum's smallest value (ClickHouse's documented implicit default).
 */
final class EmptyValues {
    private EmptyValues() {
    }

    /** A writer that ignores its value and writes the empty value of {@code type}. */
    static ValueWriter of(ClickHouseType type) {
        RowBinaryBuffer b = new RowBinaryBuffer(16);
        write(type, b);
        byte[] bytes = b.toByteArray();
        return (value, out) -> out.writeBytes(bytes, 0, bytes.length);
    }

    private static void write(ClickHouseType type, RowBinaryBuffer out) {
        ClickHouseType t = ClickHouseType.unwrapLowCardinality(type);
        if (t instanceof ClickHouseType.Nullable) {
            out.writeByte(1);
        } else if (t instanceof ClickHouseType.Array || t instanceof ClickHouseType.MapType) {
            out.writeVarint(0);
        } else if (t instanceof ClickHouseType.Tuple tuple) {
            tuple.elements().forEach(e -> write(e, out));
        } else if (t instanceof ClickHouseType.Enum e) {
            int smallest = Collections.min(e.values().values());
            if (e.bits() == 8) {
                out.writeByte(smallest);
            } else {
                out.writeShortLE(smallest);
            }
        } else if (t instanceof ClickHouseType.Simple s && s.kind() == ClickHouseType.Kind.String) {
            out.writeVarint(0);
        } else if (t instanceof ClickHouseType.Simple s) {
            out.writeZeros(s.kind().width());
        } else if (t instanceof ClickHouseType.FixedString f) {
            out.writeZeros(f.length());
        } else if (t instanceof ClickHouseType.Decimal d) {
            out.writeZeros(d.width());
        } else if (t instanceof ClickHouseType.DateTime) {
            out.writeZeros(4);
        } else if (t instanceof ClickHouseType.DateTime64) {
            out.writeZeros(8);
        } else {
            throw new MappingConfigException("type " + type + " has no empty value chute knows");
        }
    }
}
