package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeMetricsAndHealthWithStatusCodesWhenRequested() throws Exception {
        HealthStatus down = new HealthStatus(false, Map.of("reason", "lag 5 but no offset commit"));
        HealthStatus up = new HealthStatus(true, Map.of("reason", "running"));
        try (OpsServer server = OpsServer.start(0, () -> "chute_records_in_total 3.0\n", () -> down, () -> up)) {
            HttpResponse<String> metrics = get(server, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals("chute_records_in_total 3.0\n", metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            HttpResponse<String> live = get(server, "/health/live");
            assertEquals(503, live.statusCode());
            JsonNode body = new ObjectMapper().readTree(live.body());
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("lag 5 but no offset commit", body.get("reason").asText());
            assertEquals(200, get(server, "/health/ready").statusCode());
        }
    }

    @Test
    void shouldAnswer500WhenAHandlerFails() throws Exception {
        try (OpsServer server = OpsServer.start(0, () -> {
            throw new IllegalStateException("boom");
        }, () -> null, () -> null)) {
            assertEquals(500, get(server, "/metrics").statusCode());
        }
    }
}
