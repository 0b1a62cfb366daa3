package io.chute.mapping;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;

/**
 * Reads one Avro record of a <em>flat</em> schema (fields of primitive, fixed or enum type, or a two-branch union of
 * null and one of those) straight from its binary encoding into per-field slots: numbers into {@link #number},
 * string/bytes/fixed as an offset and length into the source array. No objects per record.
 *
 * <p>It accepts only what Avro's own decoder accepts, decoded to the same values (same varint rules, the same
 * string/bytes length limits, enum and union indexes in range, no trailing bytes); {@link #read} says false for
 * anything else, and the caller then uses Avro's generic decoder, which decides. NOT thread-safe: one per caller.
 */
final class FlatAvroReader {
    /** How a field's (non-null) value is encoded. */
    enum Kind { BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BYTES, FIXED, ENUM }

    private final Kind[] kinds;
    /** Per field: the branch index of null in a union with null, or -1 for a plain field. */
    private final int[] nullBranch;
    /** Per field: the size of a fixed, the symbol count of an enum. */
    private final int[] sizes;

    /** The array of the record read last: string/bytes/fixed slots point into it. */
    byte[] source;
    final long[] number;
    final int[] start;
    final int[] length;
    final boolean[] isNull;

    private FlatAvroReader(Kind[] kinds, int[] nullBranch, int[] sizes) {
        this.kinds = kinds;
        this.nullBranch = nullBranch;
        this.sizes = sizes;
        int n = kinds.length;
        number = new long[n];
        start = new int[n];
        length = new int[n];
        isNull = new boolean[n];
    }

    /** A reader for records of {@code record}, or null when the schema is not flat. */
    static FlatAvroReader forSchema(Schema record) {
        if (record.getType() != Schema.Type.RECORD) {
            return null;
        }
        List<Schema.Field> fields = record.getFields();
        Kind[] kinds = new Kind[fields.size()];
        int[] nullBranch = new int[kinds.length];
        int[] sizes = new int[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            Schema s = fields.get(i).schema();
            nullBranch[i] = -1;
            if (s.getType() == Schema.Type.UNION) {
                List<Schema> branches = s.getTypes();
                if (branches.size() != 2) {
                    return null;
                }
                int nullAt = branches.get(0).getType() == Schema.Type.NULL ? 0
                        : branches.get(1).getType() == Schema.Type.NULL ? 1 : -1;
                if (nullAt < 0) {
                    return null;
                }
                nullBranch[i] = nullAt;
                s = branches.get(1 - nullAt);
            }
            kinds[i] = kind(s);
            if (kinds[i] == null) {
                return null;
            }
            sizes[i] = s.getType() == Schema.Type.FIXED ? s.getFixedSize()
                    : s.getType() == Schema.Type.ENUM ? s.getEnumSymbols().size() : 0;
        }
        return new FlatAvroReader(kinds, nullBranch, sizes);
    }

    /** The encoding of a non-union schema, null for types a flat reader does not read. */
    static Kind kind(Schema s) {
        return switch (s.getType()) {
            case BOOLEAN -> Kind.BOOLEAN;
            case INT -> Kind.INT;
            case LONG -> Kind.LONG;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            // "avro.java.string": "String" makes Avro decode to java.lang.String (malformed UTF-8 replaced)
            case STRING -> s.getProp("avro.java.string") == null ? Kind.STRING : null;
            case BYTES -> Kind.BYTES;
            case FIXED -> Kind.FIXED;
            case ENUM -> Kind.ENUM;
            default -> null;
        };
    }

    /** Reads all fields of the record at {@code [off, off + len)}; false if Avro would not read it identically. */
    boolean read(byte[] b, int off, int len) {
        source = b;
        pos = off;
        end = off + len;
        try {
            for (int i = 0; i < kinds.length; i++) {
                if (nullBranch[i] >= 0) {
                    int branch = readInt(b);
                    if (branch != 0 && branch != 1) {
                        return false;
                    }
                    isNull[i] = branch == nullBranch[i];
                    if (isNull[i]) {
                        continue;
                    }
                } else {
                    isNull[i] = false;
                }
                if (!readValue(b, i)) {
                    return false;
                }
            }
            return pos == end;
        } catch (RuntimeException e) { // a varint past the end or too long, a length over Avro's limits
            return false;
        }
    }

    private int pos;
    private int end;

    private boolean readValue(byte[] b, int i) {
        switch (kinds[i]) {
            case BOOLEAN -> number[i] = (next(b) & 0xff) == 1 ? 1 : 0;
            case INT -> number[i] = readInt(b);
            case LONG -> number[i] = readLong(b);
            case FLOAT -> number[i] = fixedLE(b, 4);
            case DOUBLE -> number[i] = fixedLE(b, 8);
            case STRING -> bytes(b, i, SystemLimitException.checkMaxStringLength(readLong(b)));
            case BYTES -> bytes(b, i, SystemLimitException.checkMaxBytesLength(readLong(b)));
            case FIXED -> bytes(b, i, sizes[i]);
            case ENUM -> {
                int index = readInt(b);
                if (index < 0 || index >= sizes[i]) {
                    return false;
                }
                number[i] = index;
            }
            default -> throw new IllegalStateException(kinds[i].name());
        }
        return true;
    }

    private int next(byte[] b) {
        if (pos >= end) {
            throw new IndexOutOfBoundsException("past the end");
        }
        return b[pos++];
    }

    private void bytes(byte[] b, int i, int n) {
        if (n > end - pos) {
            throw new IndexOutOfBoundsException("past the end");
        }
        start[i] = pos;
        length[i] = n;
        pos += n;
    }

    private long fixedLE(byte[] b, int width) {
        long v = 0;
        for (int k = 0; k < width; k++) {
            v |= (next(b) & 0xffL) << (8 * k);
        }
        return v;
    }

    /** Avro's int: a zig-zag varint of at most 5 bytes (bits beyond 32 dropped, as Avro does). */
    private int readInt(byte[] b) {
        int n = 0;
        for (int shift = 0; shift <= 28; shift += 7) {
            int x = next(b) & 0xff;
            n ^= (x & 0x7f) << shift;
            if (x <= 0x7f) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw new IllegalArgumentException("Invalid int encoding");
    }

    /** Avro's long: a zig-zag varint of at most 10 bytes. */
    private long readLong(byte[] b) {
        long n = 0;
        for (int shift = 0; shift <= 63; shift += 7) {
            int x = next(b) & 0xff;
            n ^= (x & 0x7fL) << shift;
            if (x <= 0x7f) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw new IllegalArgumentException("Invalid long encoding");
    }
}
