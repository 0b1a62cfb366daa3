package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;

/** The /metrics and /health endpoints of a running chute on the real stack: counters add up to the input. */
class MetricsHealthIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldPublishCountersThatAddUpToTheInputWhenRecordsIncludeInvalidOnes() throws Exception {
        try (Harness h = new Harness(2)) {
            int port = freePort();
            Properties props = h.config(h.name);
            props.setProperty("metrics.port", Integer.toString(port));
            h.produce(0, 4_000);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(props))) {
                app.start();
                assertEquals(port, app.metricsPort().orElseThrow());
                Harness.await("/health/ready 200", Duration.ofMinutes(2), () -> status(port, "/health/ready") == 200);
                h.produce(4_000, 8_000); // scraped while these flow in
                Map<String, Double> during = scrape(port);
                // Counters are read one after another while records flow, so only presence is checked here;
                // the exact equation is checked once everything landed.
                assertTrue(during.containsKey("chute_records_in_total"), during.keySet().toString());
                Harness.await("all rows and dead letters", Duration.ofMinutes(3), () -> {
                    Map<String, Double> m = scrape(port);
                    return sum(m, "chute_rows_inserted_total") >= h.expected.size()
                            && sum(m, "chute_records_dead_lettered_total") >= h.invalid;
                });
                Map<String, Double> after = scrape(port);
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-health-it.prom"),
                        body(port, "/metrics")); // a real scrape, for reading the published names
                assertCountersAddUp(h, after);
                assertEquals(200, status(port, "/health/live"));
                Map<?, ?> ready = new ObjectMapper().readValue(body(port, "/health/ready"), Map.class);
                assertEquals("UP", ready.get("status"), ready.toString());
            }
            assertEquals(java.util.List.of(), h.differences());
        }
    }

    private static void assertCountersAddUp(Harness h, Map<String, Double> m) {
        double in = sum(m, "chute_records_in_total");
        assertEquals(8_000.0, in, "records in");
        assertEquals(in, sum(m, "chute_records_valid_total") + sum(m, "chute_records_dead_lettered_total"),
                "in = valid + dead lettered");
        assertEquals(h.expected.size(), sum(m, "chute_records_valid_total"), "valid");
        assertEquals(h.invalid, sum(m, "chute_records_dead_lettered_total"), "dead lettered");
        assertEquals(h.expected.size(), sum(m, "chute_rows_inserted_total"), "rows inserted = valid rows");
        double blocks = sum(m, "chute_blocks_inserted_total");
        assertTrue(blocks > 0);
        assertEquals(blocks, sum(m, "chute_block_rows_count"), "one block-size sample per block");
        assertEquals(sum(m, "chute_rows_inserted_total"), sum(m, "chute_block_rows_sum"), "block rows sum");
        assertEquals(sum(m, "chute_bytes_inserted_total"), sum(m, "chute_block_bytes_sum"), "block bytes sum");
        assertEquals(blocks, sum(m, "chute_insert_latency_seconds_count"), "insert latency samples");
        assertEquals(blocks, sum(m, "chute_end_to_end_latency_seconds_count"), "end-to-end samples");
        assertTrue(m.containsKey("chute_commits_total"), "commits");
        assertEquals(0.0, sum(m, "chute_buffered_rows"), "nothing buffered at rest");
        assertTrue(m.containsKey("chute_consumer_lag"), "per-partition lag");
        assertEquals(0.0, sum(m, "chute_consumer_lag"), "caught up");
        assertTrue(m.containsKey("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(m.containsKey("kafka_consumer_fetch_manager_records_lag_max"), "Kafka consumer lag (binder)");
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("kafka_stream_")), "Kafka Streams metrics");
    }

    /** Prometheus text format: series name (labels stripped) to value, summed over label sets. */
    private Map<String, Double> scrape(int port) {
        Map<String, Double> out = new HashMap<>();
        for (String line : body(port, "/metrics").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
            double value = Double.parseDouble(line.substring(space + 1));
            out.merge(name, Double.isNaN(value) ? 0 : value, Double::sum);
        }
        return out;
    }

    private static double sum(Map<String, Double> metrics, String name) {
        return metrics.getOrDefault(name, 0.0);
    }

    private String body(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(path + " failed", e);
        }
    }

    private int status(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
