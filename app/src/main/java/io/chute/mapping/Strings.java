package io.chute.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.avro.generic.GenericFixed;
import org.apache.avro.util.Utf8;

/**
 * Byte access to Avro string-like values without copying where Avro allows it ({@link Utf8}, heap
 * {@link ByteBuffer}, {@link GenericFixed}); a {@code java.lang.String} has to be encoded.
 */
final class Strings {
    private Strings() {
    }

    /** The byte length of a string-like value. */
    static int length(Object v) {
        if (v instanceof Utf8 u) {
            return u.getByteLength();
        }
        if (v instanceof ByteBuffer b) {
            return b.remaining();
        }
        if (v instanceof GenericFixed f) {
            return f.bytes().length;
        }
        return bytesOf(v).length;
    }

    /** Writes the raw bytes of a string-like value (no length prefix). */
    static void writeRaw(Object v, RowBinaryBuffer out) {
        if (v instanceof Utf8 u) {
            out.writeBytes(u.getBytes(), 0, u.getByteLength());
        } else if (v instanceof ByteBuffer b) {
            if (b.hasArray()) {
                out.writeBytes(b.array(), b.arrayOffset() + b.position(), b.remaining());
            } else {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                out.writeBytes(copy, 0, copy.length);
            }
        } else if (v instanceof GenericFixed f) {
            out.writeBytes(f.bytes(), 0, f.bytes().length);
        } else {
            byte[] bytes = bytesOf(v);
            out.writeBytes(bytes, 0, bytes.length);
        }
    }

    /** A RowBinary String: varint length then bytes. */
    static void writeString(Object v, RowBinaryBuffer out) {
        out.writeVarint(length(v));
        writeRaw(v, out);
    }

    private static byte[] bytesOf(Object v) {
        if (v instanceof CharSequence cs) {
            return cs.toString().getBytes(StandardCharsets.UTF_8);
        }
        throw new ValueException("expected a string or bytes, got " + v.getClass().getSimpleName());
    }

    /** The value as a {@link Utf8} (no copy when it already is one), for lookups keyed by Utf8. */
    static Utf8 utf8(Object v) {
        if (v instanceof Utf8 u) {
            return u;
        }
        if (v instanceof CharSequence cs) {
            return new Utf8(cs.toString());
        }
        throw new ValueException("expected a string, got " + v.getClass().getSimpleName());
    }
}
