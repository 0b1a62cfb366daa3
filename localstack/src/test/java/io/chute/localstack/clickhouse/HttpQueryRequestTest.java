package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HttpQueryRequestTest {

    @Test
    void shouldSeparateSettingsFromClientParamsWhenParsingUrl() {
        HttpQueryRequest r = HttpQueryRequest.parse("query=INSERT+INTO+t+FORMAT+RowBinary&compress=1&decompress=0"
                + "&database=db1&query_id=q1&insert_deduplication_token=tok%201&max_threads=2&wait_end_of_query=1"
                + "&default_format=JSONEachRow&param_x=%7B1%7D&session_id=s&extremes=0", h -> null);
        assertEquals("INSERT INTO t FORMAT RowBinary", r.urlQuery());
        assertEquals(Map.of("insert_deduplication_token", "tok 1", "max_threads", "2"), r.settings());
        assertEquals(Map.of("x", "{1}"), r.parameters());
        assertEquals("db1", r.database());
        assertEquals("JSONEachRow", r.format());
        assertEquals("q1", r.queryId());
        assertTrue(r.compress());
        assertFalse(r.decompress());
    }

    @Test
    void shouldUseHeadersAndDefaultsWhenUrlHasNoClientParams() {
        Map<String, String> headers = Map.of("X-ClickHouse-Database", "db2", "X-ClickHouse-Format", "CSV",
                "X-ClickHouse-User", "u", "X-ClickHouse-Key", "k");
        HttpQueryRequest r = HttpQueryRequest.parse(null, headers::get);
        assertEquals("db2", r.database());
        assertEquals("CSV", r.format());
        assertEquals("u", r.user());
        assertEquals("k", r.password());
        assertEquals("TabSeparated", HttpQueryRequest.parse("", h -> null).format());
        assertEquals("default", HttpQueryRequest.parse("", h -> null).user());
    }

    @Test
    void shouldReadBasicAuthWhenAuthorizationHeaderIsSent() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3:cret".getBytes(StandardCharsets.UTF_8));
        HttpQueryRequest r = HttpQueryRequest.parse("user=ignored", Map.of("Authorization", basic)::get);
        assertEquals("alice", r.user());
        assertEquals("s3:cret", r.password());
    }

    @Test
    void shouldMapEngineErrorTextToCodeAndStatusWhenWrapping() {
        ClickHouseError e = ClickHouseError.fromEngine(
                "Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE)", "26.7");
        assertEquals(60, e.code());
        assertEquals(404, e.httpStatus());
        assertEquals("Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE) (version 26.7)\n",
                e.body());
        assertEquals(1002, ClickHouseError.fromEngine("boom", "26.7").code());
    }
}
