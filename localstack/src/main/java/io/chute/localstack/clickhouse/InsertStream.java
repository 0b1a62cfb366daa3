package io.chute.localstack.clickhouse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A streaming INSERT into chDB: data is appended in chunks through the stream-insert API (never concatenated into SQL
 * text, which would be parsed and truncated), then committed by {@link #done()}. Closing without {@code done()}
 * cancels the insert.
 */
final class InsertStream implements AutoCloseable {
    private final Chdb lib;
    private final ChdbEngine engine;
    private Pointer stream;
    private Memory staging;

    InsertStream(Chdb lib, Pointer stream, ChdbEngine engine) {
        this.lib = lib;
        this.stream = stream;
        this.engine = engine;
    }

    /** Appends {@code len} bytes; chDB copies them. Throws the engine's error if the insert already failed. */
    void append(byte[] data, int off, int len) {
        if (len == 0) {
            return;
        }
        if (staging == null || staging.size() < len) {
            if (staging != null) {
                staging.close();
            }
            staging = new Memory(Math.max(len, 1 << 20));
        }
        staging.write(0, data, off, len);
        if (lib.chdb_stream_append(stream, staging, len) != 0) {
            String error = lib.chdb_stream_insert_error(stream);
            throw engine.error(error != null ? error : "insert stream rejected data");
        }
    }

    /** Ends the input and commits; the caller owns the returned result (write statistics). */
    NativeResult done() {
        return NativeResult.checked(lib, lib.chdb_stream_done(stream), engine);
    }

    @Override
    public void close() {
        if (stream != null) {
            lib.chdb_destroy_insert_stream(stream);
            stream = null;
        }
        if (staging != null) {
            staging.close();
            staging = null;
        }
    }
}
