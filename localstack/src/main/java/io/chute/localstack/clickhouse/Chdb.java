package io.chute.localstack.clickhouse;

import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * JNA binding of the chDB C API ({@code chdb.h} of chDB 26.7), restricted to what the HTTP front needs.
 *
 * <p>Pointers are opaque handles: {@code chdb_connect} returns a {@code chdb_connection*} (dereference once for the
 * {@code chdb_connection} the query calls take); results and insert streams must be freed by their destroy calls.
 * Strings are passed with explicit lengths ({@code _n} variants) so that no text is truncated at a NUL byte.
 */
public interface Chdb extends Library {

    /** Loads the library from an absolute path. */
    static Chdb load(Path library) {
        return Native.load(library.toAbsolutePath().toString(), Chdb.class);
    }

    String chdb_version();

    /** Must be called with 0 before the first connect: chDB's own handlers hang the JVM otherwise. */
    void chdb_set_signal_handlers_enabled(int enabled);

    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connectionPointer);

    Pointer chdb_query_n(Pointer conn, byte[] query, long queryLength, byte[] format, long formatLength);

    Pointer chdb_query_with_params_n(Pointer conn, byte[] query, long queryLength, byte[] format, long formatLength,
            Pointer[] names, long[] nameLengths, Pointer[] values, long[] valueLengths, long count);

    Pointer chdb_stream_insert_with_params_n(Pointer conn, byte[] query, long queryLength, byte[] format,
            long formatLength, Pointer[] names, long[] nameLengths, Pointer[] values, long[] valueLengths, long count);

    int chdb_stream_append(Pointer stream, Pointer data, long length);

    Pointer chdb_stream_done(Pointer stream);

    void chdb_stream_cancel_insert(Pointer stream);

    String chdb_stream_insert_error(Pointer stream);

    void chdb_destroy_insert_stream(Pointer stream);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    double chdb_result_elapsed(Pointer result);

    long chdb_result_rows_read(Pointer result);

    long chdb_result_bytes_read(Pointer result);

    long chdb_result_storage_rows_read(Pointer result);

    long chdb_result_storage_bytes_read(Pointer result);

    long chdb_result_rows_written(Pointer result);

    long chdb_result_bytes_written(Pointer result);

    String chdb_result_error(Pointer result);

    void chdb_destroy_query_result(Pointer result);

    /**
     * Parses without executing. {@code analysis} is {@code chdb_query_analysis_v1}: {struct_size=16,
     * statement_count, flags, query_class}.
     */
    int chdb_classify_query_n(Pointer conn, byte[] sql, long sqlLength, Pointer targetDatabase,
            long targetDatabaseLength, int[] analysis);
}
