package io.chute.localstack.clickhouse;

import java.nio.file.Path;

/** PLACEHOLDER with the agreed API; the chdb branch replaces it with the real chDB-backed ClickHouse front. */
public final class LocalClickHouse implements AutoCloseable {
    private LocalClickHouse() {
    }

    public static LocalClickHouse start(Path workDir) {
        throw new UnsupportedOperationException("placeholder");
    }

    public static LocalClickHouse start(Path workDir, String user, String password) {
        throw new UnsupportedOperationException("placeholder");
    }

    public String url() {
        throw new UnsupportedOperationException("placeholder");
    }

    public int port() {
        throw new UnsupportedOperationException("placeholder");
    }

    public String user() {
        throw new UnsupportedOperationException("placeholder");
    }

    public String password() {
        throw new UnsupportedOperationException("placeholder");
    }

    public void stop() {
        throw new UnsupportedOperationException("placeholder");
    }

    public void kill() {
        throw new UnsupportedOperationException("placeholder");
    }

    public void restart() {
        throw new UnsupportedOperationException("placeholder");
    }

    public boolean isRunning() {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("placeholder");
    }
}
