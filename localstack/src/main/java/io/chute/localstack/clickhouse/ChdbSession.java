package io.chute.localstack.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One chDB connection, used by one request and closed after it. Settings and the current database set here apply to
 * this connection only. Not thread-safe (a connection runs one statement at a time).
 */
final class ChdbSession implements AutoCloseable {
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final ChdbEngine engine;
    private final Chdb lib;
    private final Pointer connPtr;
    private final Pointer conn;

    ChdbSession(ChdbEngine engine, Chdb lib, Pointer connPtr) {
        this.engine = engine;
        this.lib = lib;
        this.connPtr = connPtr;
        this.conn = connPtr.getPointer(0);
    }

    /** Applies ClickHouse settings to this connection ({@code SET}); throws the engine's error, e.g. 115. */
    void applySettings(Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("SET ");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!SETTING_NAME.matcher(e.getKey()).matches()) {
                throw engine.error(ClickHouseError.UNKNOWN_SETTING, "UNKNOWN_SETTING",
                        "Unknown setting '" + e.getKey() + "'");
            }
            if (sql.length() > 4) {
                sql.append(", ");
            }
            sql.append(e.getKey()).append(" = ").append(quote(e.getValue()));
        }
        queryText(sql.toString());
    }

    /** Makes {@code database} current ({@code USE}); throws 81 if it does not exist. */
    void use(String database) {
        queryText("USE `" + database.replace("\\", "\\\\").replace("`", "\\`") + "`");
    }

    /** Number of statements in {@code sql} per ClickHouse's own parser (0 if it does not parse). */
    int statementCount(byte[] sql, int length) {
        int[] analysis = {16, 0, 0, 0};
        if (lib.chdb_classify_query_n(conn, sql, length, null, 0, analysis) != 0) {
            return 1;
        }
        return analysis[1];
    }

    /** Runs a statement; the caller owns (closes) the result. Throws the engine's error. */
    NativeResult query(byte[] sql, int length, String format, Map<String, String> parameters) {
        byte[] f = ChdbEngine.utf8(format);
        Pointer result;
        if (parameters.isEmpty()) {
            result = lib.chdb_query_n(conn, sql, length, f, f.length);
        } else {
            try (Params p = new Params(parameters)) {
                result = lib.chdb_query_with_params_n(conn, sql, length, f, f.length, p.names, p.nameLengths,
                        p.values, p.valueLengths, p.count);
            }
        }
        return NativeResult.checked(lib, result, engine);
    }

    /** Starts a streaming INSERT ({@code sql} without FORMAT clause or data). Throws the engine's error. */
    InsertStream insert(byte[] sql, int length, String format, Map<String, String> parameters) {
        byte[] f = ChdbEngine.utf8(format);
        Pointer stream;
        try (Params p = new Params(parameters)) {
            stream = lib.chdb_stream_insert_with_params_n(conn, sql, length, f, f.length, p.names, p.nameLengths,
                    p.values, p.valueLengths, p.count);
        }
        String error = lib.chdb_stream_insert_error(stream);
        if (error != null) {
            lib.chdb_destroy_insert_stream(stream);
            throw engine.error(error);
        }
        return new InsertStream(lib, stream, engine);
    }

    /** Runs a small statement and returns its TabSeparated output as text. */
    String queryText(String sql) {
        byte[] b = ChdbEngine.utf8(sql);
        try (NativeResult r = query(b, b.length, "TabSeparated", Map.of())) {
            return r.text();
        }
    }

    @Override
    public void close() {
        lib.chdb_close_conn(connPtr);
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Native name/value arrays for the *_with_params_n calls, freed after the call. */
    private static final class Params implements AutoCloseable {
        final Pointer[] names;
        final long[] nameLengths;
        final Pointer[] values;
        final long[] valueLengths;
        final long count;

        Params(Map<String, String> parameters) {
            int n = parameters.size();
            // JNA passes a null array pointer for zero-length arrays; chDB accepts that with count 0.
            names = n == 0 ? null : new Pointer[n];
            values = n == 0 ? null : new Pointer[n];
            nameLengths = n == 0 ? null : new long[n];
            valueLengths = n == 0 ? null : new long[n];
            count = n;
            int i = 0;
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                names[i] = memory(e.getKey());
                nameLengths[i] = e.getKey().getBytes(StandardCharsets.UTF_8).length;
                values[i] = memory(e.getValue());
                valueLengths[i] = e.getValue().getBytes(StandardCharsets.UTF_8).length;
                i++;
            }
        }

        private static Memory memory(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            Memory m = new Memory(Math.max(1, b.length));
            m.write(0, b, 0, b.length);
            return m;
        }

        @Override
        public void close() {
            for (Pointer[] arr : new Pointer[][] {names, values}) {
                if (arr != null) {
                    for (Pointer p : arr) {
                        ((Memory) p).close();
                    }
                }
            }
        }
    }
}
