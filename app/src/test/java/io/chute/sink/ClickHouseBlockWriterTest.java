package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.clickhouse.client.api.Client;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockGroup;
import io.chute.block.BlockLimits;
import io.chute.block.TestBlocks;
import io.chute.config.ClickHouseSettings;

/** Checks the client-v2 wiring against a stand-in HTTP endpoint on loopback (the real server comes in ITs). */
class ClickHouseBlockWriterTest {

    private HttpServer server;
    private Client client;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> headers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private volatile int failWithCode;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        client = new Client.Builder()
                .addEndpoint("http://127.0.0.1:" + server.getAddress().getPort())
                .setUsername("default").setPassword("")
                .compressServerResponse(false)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestHeaders().forEach((k, v) -> headers.add(k.toLowerCase() + "=" + String.join(",", v)));
        requests.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (failWithCode != 0) {
            byte[] body = ("Code: " + failWithCode + ". DB::Exception: Cannot parse input. (CANNOT_PARSE_TEXT)")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", String.valueOf(failWithCode));
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
        } else {
            exchange.getResponseHeaders().add("X-ClickHouse-Summary",
                    "{\"read_rows\":\"3\",\"read_bytes\":\"10\",\"written_rows\":\"3\",\"written_bytes\":\"10\"}");
            exchange.sendResponseHeaders(200, -1);
        }
        exchange.close();
    }

    @Test
    void shouldSendTokenQueryIdAndBytesWhenInserting() throws Exception {
        Block block = TestBlocks.range("events", "orders", 1, 7, 3);
        long written = new ClickHouseBlockWriter(client, "analytics", Duration.ofSeconds(10))
                .insert(block, block.queryId(1));

        String query = requests.get(0);
        assertTrue(query.contains("INSERT INTO `events`"), query);
        assertTrue(query.contains("RowBinaryWithDefaults"), query);
        assertTrue(query.contains("insert_deduplication_token=" + block.token()), query);
        assertTrue(query.contains("query_id=" + block.queryId(1)), query);
        assertTrue(query.contains("database=analytics") || headers.contains("x-clickhouse-database=analytics"),
                query + " " + headers);
        assertEquals("r7;r8;r9;", bodies.get(0));
        assertEquals(3, written);
    }

    @Test
    void shouldSendGroupTokenAndEveryMembersBytesInOneInsertWhenInsertingAGroup() throws Exception {
        BlockGroup group = BlockGroup.of(List.of(TestBlocks.range("events", "orders", 4, 20, 1),
                TestBlocks.range("events", "orders", 1, 7, 2)));
        long written = new ClickHouseBlockWriter(client, "analytics", Duration.ofSeconds(10))
                .insert(group, group.queryId(1));

        assertEquals(1, requests.size());
        String query = requests.get(0);
        assertTrue(query.contains("INSERT INTO `events`"), query);
        assertTrue(query.contains("insert_deduplication_token=" + group.token()), query);
        assertTrue(query.contains("query_id=" + group.queryId(1)), query);
        assertEquals("r7;r8;r20;", bodies.get(0));
        assertEquals(3, written);
    }

    @Test
    void shouldNameTheBlocksColumnsWhenTheBlockCarriesAColumnList() throws Exception {
        BlockBuilder builder = new BlockBuilder("ns", "events", "orders", 1,
                BlockLimits.defaults(), () -> 0L);
        builder.columns(List.of("id", "odd`name"));
        builder.append(5, TestBlocks.row(5), 0, TestBlocks.row(5).length);
        Block block = builder.build();
        new ClickHouseBlockWriter(client, null, Duration.ofSeconds(10)).insert(block, "q");

        String query = requests.get(0) + bodies.get(0);
        assertTrue(query.replace(" ", "").contains("INSERTINTO`events`(`id`,`odd\\`name`)FORMATRowBinaryWithDefaults"),
                query);
    }

    @Test
    void shouldSurfaceServerCodeWhenInsertFails() {
        failWithCode = 6;
        Block block = TestBlocks.range("events", "orders", 1, 7, 3);
        Exception e = assertThrows(Exception.class,
                () -> new ClickHouseBlockWriter(client, null, Duration.ofSeconds(10)).insert(block, "q"));
        Classification c = RetryClassifier.classify(e);
        assertEquals(6, c.code(), e.toString());
        assertEquals(ErrorClass.DATA_ERROR, c.errorClass());
    }

    @Test
    void shouldSendThePinnedAndUserSettingsWhenInsertingOnEveryAttempt() throws Exception {
        Block block = TestBlocks.range("events", "orders", 1, 7, 3);
        java.util.Map<String, String> settings = ClickHouseSettings.of(
                java.util.Map.of("insert_quorum", "2")).withServerSettings(true).asMap();
        ClickHouseBlockWriter writer = new ClickHouseBlockWriter(client, null, Duration.ofSeconds(10), settings);
        writer.insert(block, block.queryId(1));
        writer.insert(block, block.queryId(2));

        assertEquals(2, requests.size());
        for (String query : requests) {
            for (String pair : List.of("async_insert=0", "insert_deduplicate=1",
                    "deduplicate_blocks_in_dependent_materialized_views=1", "deduplicate_insert=enable",
                    "insert_quorum=2", "insert_deduplication_token=" + block.token())) {
                assertTrue(("&" + query + "&").contains("&" + pair + "&"), pair + " missing in " + query);
            }
        }
    }
}
