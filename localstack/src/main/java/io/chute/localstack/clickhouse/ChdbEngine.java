package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Pointer;

/**
 * The one chDB engine of this process, bound to one data directory.
 *
 * <p>An anchor connection is held for the engine's lifetime: closing the last connection shuts the engine down. Every
 * request gets its own {@link ChdbSession} (a fresh connection, about a millisecond to open): chDB runs queries on
 * different connections to the same path in parallel, and settings/current database applied to a session die with
 * it, so nothing leaks between requests.
 */
final class ChdbEngine implements AutoCloseable {
    private final Chdb lib;
    private final String pathArg;
    private final Pointer anchor;
    private final String version;
    private final String timezone;

    private ChdbEngine(Chdb lib, String pathArg, Pointer anchor) {
        this.lib = lib;
        this.pathArg = pathArg;
        this.anchor = anchor;
        try (ChdbSession probe = openSession()) {
            String[] facts = probe.queryText("SELECT version(), timezone()").strip().split("\t");
            this.version = facts[0];
            this.timezone = facts.length > 1 ? facts[1] : "UTC";
        }
    }

    /** Loads {@code library} and boots the engine on {@code dataDir} (created if missing). */
    static ChdbEngine start(Path library, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Chdb lib = Chdb.load(library);
        lib.chdb_set_signal_handlers_enabled(0);
        String pathArg = "--path=" + dataDir.toAbsolutePath();
        Pointer anchor = lib.chdb_connect(2, new String[] {"clickhouse", pathArg});
        if (anchor == null) {
            throw new IllegalStateException("chDB could not open " + dataDir);
        }
        return new ChdbEngine(lib, pathArg, anchor);
    }

    /** A new connection to the engine; close it when the request is done. */
    ChdbSession openSession() {
        Pointer conn = lib.chdb_connect(2, new String[] {"clickhouse", pathArg});
        if (conn == null) {
            throw new IllegalStateException("chDB refused a new connection");
        }
        return new ChdbSession(this, lib, conn);
    }

    /** Server version as {@code SELECT version()} reports it. */
    String version() {
        return version;
    }

    String timezone() {
        return timezone;
    }

    ClickHouseError error(String engineText) {
        return ClickHouseError.fromEngine(engineText, version);
    }

    ClickHouseError error(int code, String name, String message) {
        return ClickHouseError.of(code, name, message, version);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        lib.chdb_close_conn(anchor);
    }
}
