package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's tables in tmpfs: kept through a kill and a restart, freed by close. */
class LocalClickHouseDataDirIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    private static String query(LocalClickHouse ch, String sql) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ch.url() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), sql + " -> " + r.body());
        return r.body().strip();
    }

    @Test
    void shouldKeepTablesInTmpfsThroughAKillAndFreeThemWhenClosed() throws Exception {
        assumeTrue(Files.isDirectory(ClickHouseDataDir.SHM) && Files.isWritable(ClickHouseDataDir.SHM),
                "this machine has no writable /dev/shm");
        LocalClickHouse ch = LocalClickHouse.start(workDir);
        Path data;
        try {
            data = ch.dataDir();
            assertTrue(ch.dataInTmpfs());
            assertEquals(ClickHouseDataDir.SHM, data.getParent());
            assertEquals(data, workDir.resolve("data").toRealPath());
            query(ch, "CREATE TABLE kept (n UInt32) ENGINE = MergeTree ORDER BY n");
            query(ch, "INSERT INTO kept SELECT number FROM numbers(1000)");

            ch.kill();
            ch.restart();

            assertEquals("1000", query(ch, "SELECT count() FROM kept"));
            assertEquals(data, ch.dataDir());
        } finally {
            ch.close();
        }
        assertFalse(Files.exists(data), "tmpfs data freed by close: " + data);
    }
}
