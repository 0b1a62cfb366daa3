package io.chute.serde;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes Avro binary with a writer schema into a reader schema, reusing one {@link BinaryDecoder} and one
 * {@link GenericDatumReader} per (writer, reader) pair (the reader caches its resolving decoder). Schemas are keyed by
 * identity: pass the instances from a cache, not re-parsed copies.
 *
 * <p>NOT thread-safe: keep one instance per thread (e.g. per stream task). Values come back in Avro's generic
 * representation without logical-type conversions (timestamps are {@code Long}, decimals {@code ByteBuffer} or
 * {@code GenericFixed}, strings {@code Utf8}).
 */
public final class AvroDecoder {
    private static final int MAX_READERS = 1024;

    private final Map<Pair, GenericDatumReader<Object>> readers = new HashMap<>();
    private BinaryDecoder decoder;

    /** Decoded bytes were fine but did not use the whole payload. */
    public static final class TrailingBytesException extends IOException {
        private static final long serialVersionUID = 1L;

        TrailingBytesException(String message) {
            super(message, null);
        }
    }

    private static final class Pair {
        final Schema writer;
        final Schema reader;

        Pair(Schema writer, Schema reader) {
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.writer == writer && p.reader == reader;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(writer) + System.identityHashCode(reader);
        }
    }

    /**
     * Reads exactly one datum from {@code length} bytes at {@code offset}.
     *
     * @param reader the schema to resolve to; {@code null} means the writer schema (no resolution)
     * @throws TrailingBytesException bytes were left after the datum
     * @throws IOException truncated input ({@code EOFException}) or other malformed bytes; Avro may also throw runtime
     *     exceptions ({@code AvroRuntimeException}, index or size errors) on corrupt bytes: callers treat any of them
     *     as "not decodable"
     */
    public Object decode(byte[] bytes, int offset, int length, Schema writer, Schema reader) throws IOException {
        Schema target = reader == null ? writer : reader;
        Pair key = new Pair(writer, target);
        GenericDatumReader<Object> datumReader = readers.get(key);
        if (datumReader == null) {
            if (readers.size() >= MAX_READERS) {
                readers.clear();
            }
            datumReader = new GenericDatumReader<>(writer, target);
            readers.put(key, datumReader);
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder);
        Object datum = datumReader.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new TrailingBytesException(decoder.inputStream().available() + " trailing bytes after the record");
        }
        return datum;
    }
}
