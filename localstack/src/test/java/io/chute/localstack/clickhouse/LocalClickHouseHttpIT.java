package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP-level behaviour of the local ClickHouse: concurrency, per-query settings, compressed request bodies. */
class LocalClickHouseHttpIT {
    @TempDir
    static Path workDir;
    static LocalClickHouse clickHouse;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.start(workDir);
    }

    @AfterAll
    static void stop() {
        if (clickHouse != null) {
            clickHouse.close();
        }
    }

    static HttpResponse<String> get(String query, String extraParams) throws Exception {
        URI uri = URI.create(clickHouse.url() + "/?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + extraParams);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRunQueriesInParallelWhenRequestsArriveTogether() throws Exception {
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 4).mapToObj(i ->
                HTTP.sendAsync(HttpRequest.newBuilder(URI.create(clickHouse.url() + "/?query=SELECT%20sleep(1)"))
                        .build(), HttpResponse.BodyHandlers.ofString())).toList();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(30, TimeUnit.SECONDS).statusCode());
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("4 parallel sleep(1) queries took " + millis + " ms");
        assertTrue(millis < 3000, "queries were serialized: " + millis + " ms");
    }

    @Test
    void shouldApplyUrlSettingsToThatQueryOnlyWhenGiven() throws Exception {
        String q = "SELECT getSetting('max_threads')";
        assertEquals("3\n", get(q, "&max_threads=3").body());
        String def = get(q, "").body();
        assertTrue(!def.equals("3\n"), "setting leaked into a later query: " + def);
        HttpResponse<String> unknown = get("SELECT 1", "&no_such_setting=1");
        assertEquals(400, unknown.statusCode());
        assertEquals("115", unknown.headers().firstValue("X-ClickHouse-Exception-Code").orElse(""));
    }

    @Test
    void shouldBindQueryParametersWhenParamArgumentsAreGiven() throws Exception {
        assertEquals("42\tx\\'y\n", get("SELECT {n:UInt8} + 1, {s:String}", "&param_n=41&param_s=x%27y").body());
    }

    @Test
    void shouldDecodeCompressedRequestBodyWhenClientCompressesInserts() throws Exception {
        get("CREATE TABLE lz4_in (a UInt8) ENGINE = MergeTree ORDER BY a", "");
        try (Client client = new Client.Builder().addEndpoint(clickHouse.url()).setUsername("default")
                .setPassword("").compressClientRequest(true).build()) {
            client.insert("lz4_in", new ByteArrayInputStream(new byte[] {1, 2, 3}), ClickHouseFormat.RowBinary)
                    .get(30, TimeUnit.SECONDS).close();
            assertEquals(6, client.queryAll("SELECT sum(a) FROM lz4_in", new QuerySettings()).get(0).getLong(1));
        }
    }
}
