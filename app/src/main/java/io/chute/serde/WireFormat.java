package io.chute.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The Confluent wire format: magic byte {@code 0}, a 4-byte big-endian schema id, then the Avro binary encoding of
 * the value. Parsing never copies: a {@link Frame} points into the original array.
 */
public final class WireFormat {
    /** The only magic byte defined by the format. */
    public static final byte MAGIC = 0;
    /** Bytes before the Avro payload (magic + id). */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /**
     * A parsed message: the schema id and the position of the Avro payload inside {@code array}.
     */
    public record Frame(int schemaId, byte[] array, int payloadOffset, int payloadLength) {
    }

    /** Why bytes are not in the wire format; the message says which check failed. */
    public static final class NotWireFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        NotWireFormatException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses the whole array, see {@link #parse(byte[], int, int)}. */
    public static Frame parse(byte[] value) throws NotWireFormatException {
        if (value == null) {
            throw new NotWireFormatException("value is null");
        }
        return parse(value, 0, value.length);
    }

    /**
     * Parses {@code length} bytes at {@code offset}.
     *
     * @throws NotWireFormatException null, shorter than the header, or a magic byte other than 0
     */
    public static Frame parse(byte[] value, int offset, int length) throws NotWireFormatException {
        if (value == null) {
            throw new NotWireFormatException("value is null");
        }
        if (length < HEADER_LENGTH) {
            throw new NotWireFormatException("value has " + length + " bytes, the header alone needs 5");
        }
        if (value[offset] != MAGIC) {
            throw new NotWireFormatException("magic byte is " + value[offset] + ", expected 0");
        }
        int id = ((value[offset + 1] & 0xff) << 24) | ((value[offset + 2] & 0xff) << 16)
                | ((value[offset + 3] & 0xff) << 8) | (value[offset + 4] & 0xff);
        return new Frame(id, value, offset + HEADER_LENGTH, length - HEADER_LENGTH);
    }

    /** Writes the 5-byte header into {@code out}. */
    public static void writeHeader(int schemaId, ByteArrayOutputStream out) {
        out.write(MAGIC);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** Frames an already Avro-encoded payload. */
    public static byte[] frame(int schemaId, byte[] avroPayload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_LENGTH + avroPayload.length);
        writeHeader(schemaId, out);
        out.writeBytes(avroPayload);
        return out.toByteArray();
    }

    /**
     * Encodes {@code datum} with {@code schema} and frames it: what a Confluent Avro serializer produces. For tests,
     * producers, the benchmark and the demo; not tuned for hot paths.
     */
    public static byte[] encode(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        writeHeader(schemaId, out);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
