package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.jna.Pointer;

/**
 * A chDB query result held in native memory. Close it as soon as its bytes are written out: the output can be large
 * and the JVM does not see (or collect) it.
 */
final class NativeResult implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final Chdb lib;
    private Pointer result;

    private NativeResult(Chdb lib, Pointer result) {
        this.lib = lib;
        this.result = result;
    }

    /** Wraps {@code result}, or frees it and throws if it carries an error. */
    static NativeResult checked(Chdb lib, Pointer result, ChdbEngine engine) {
        if (result == null) {
            throw engine.error(ClickHouseError.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION", "chDB returned no result");
        }
        String error = lib.chdb_result_error(result);
        if (error != null) {
            lib.chdb_destroy_query_result(result);
            throw engine.error(error);
        }
        return new NativeResult(lib, result);
    }

    long length() {
        return lib.chdb_result_length(result);
    }

    /** Copies the output to {@code out} in 1 MiB chunks (never the whole output on the heap). */
    void writeTo(OutputStream out) throws IOException {
        long length = length();
        if (length == 0) {
            return;
        }
        Pointer buffer = lib.chdb_result_buffer(result);
        byte[] chunk = new byte[(int) Math.min(CHUNK, length)];
        for (long off = 0; off < length; off += chunk.length) {
            int n = (int) Math.min(chunk.length, length - off);
            buffer.read(off, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    String text() {
        long length = length();
        return length == 0 ? "" : new String(lib.chdb_result_buffer(result).getByteArray(0, (int) length),
                StandardCharsets.UTF_8);
    }

    /** {@code X-ClickHouse-Summary} JSON, ClickHouse-style (numbers as strings). */
    String summary(long elapsedNanos) {
        long readRows = lib.chdb_result_storage_rows_read(result);
        long readBytes = lib.chdb_result_storage_bytes_read(result);
        long writtenRows = lib.chdb_result_rows_written(result);
        long resultRows = writtenRows > 0 ? 0 : lib.chdb_result_rows_read(result);
        return "{\"read_rows\":\"" + readRows + "\",\"read_bytes\":\"" + readBytes
                + "\",\"written_rows\":\"" + writtenRows + "\",\"written_bytes\":\""
                + lib.chdb_result_bytes_written(result) + "\",\"total_rows_to_read\":\"" + readRows
                + "\",\"result_rows\":\"" + (writtenRows > 0 ? writtenRows : resultRows)
                + "\",\"result_bytes\":\"" + (writtenRows > 0 ? lib.chdb_result_bytes_written(result) : length())
                + "\",\"elapsed_ns\":\"" + elapsedNanos + "\"}";
    }

    @Override
    public void close() {
        if (result != null) {
            lib.chdb_destroy_query_result(result);
            result = null;
        }
    }
}
