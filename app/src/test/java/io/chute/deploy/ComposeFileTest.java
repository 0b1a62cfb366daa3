package io.chute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import io.chute.config.ChuteConfig;

/** docker/compose.yaml and the files it uses, checked without a Docker engine. */
class ComposeFileTest {
    static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode compose = read(DOCKER.resolve("compose.yaml"));
    private final JsonNode services = compose.path("services");

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** An image reference is pinned when it has an explicit tag (or digest) other than latest. */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.isEmpty() && !tag.equals("latest") && !tag.contains("$");
    }

    @Test
    void shouldRejectUnpinnedImagesWhenCheckingTags() {
        assertFalse(pinned("apache/kafka"));
        assertFalse(pinned("apache/kafka:latest"));
        assertFalse(pinned("localhost:5000/kafka"));
        assertFalse(pinned("clickhouse/clickhouse-server:${TAG}"));
        assertTrue(pinned("localhost:5000/kafka:4.1.1"));
        assertTrue(pinned("prom/prometheus:v3.5.0"));
    }

    @Test
    void shouldPinEveryImageWhenComposeIsRead() {
        List<String> unpinned = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText("");
            if (!pinned(image)) {
                unpinned.add(e.getKey() + ": '" + image + "'");
            }
        });
        assertEquals(List.of(), unpinned);
    }

    @Test
    void shouldPinEveryBaseImageAndRunAsNonRootWhenTheDockerfileIsRead() throws IOException {
        List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, from.size(), "build and runtime stage");
        from.forEach(l -> assertTrue(pinned(l.split("\\s+")[1]), l));
        assertTrue(from.get(0).contains("maven:3.9") && from.get(0).contains("eclipse-temurin-17"), from.get(0));
        assertTrue(from.get(1).contains("eclipse-temurin:17") && from.get(1).contains("-jre"), from.get(1));
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("");
        assertFalse(user.isEmpty() || user.contains("root") || user.matches("USER 0(:.*)?"), "non-root: " + user);
    }

    @Test
    void shouldHaveEveryServiceWhenComposeIsRead() {
        for (String name : Set.of("kafka", "schema-registry", "clickhouse", "chute", "prometheus", "grafana")) {
            assertTrue(services.has(name), "service " + name);
        }
    }

    @Test
    void shouldLetChuteScaleWhenReplicasAreAdded() {
        JsonNode chute = services.path("chute");
        assertTrue(chute.path("container_name").isMissingNode(), "a fixed container_name prevents --scale");
        assertTrue(chute.path("ports").isMissingNode(), "a fixed host port prevents --scale");
        assertTrue(chute.path("deploy").has("replicas"), "deploy.replicas");
    }

    @Test
    void shouldFindEveryReferencedFileWhenComposeMountsOrBuildsThem() {
        List<String> missing = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            for (JsonNode volume : e.getValue().path("volumes")) {
                String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
                if (source.startsWith(".") && !Files.exists(DOCKER.resolve(source))) {
                    missing.add(e.getKey() + ": " + source);
                }
            }
            JsonNode build = e.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = DOCKER.resolve(build.path("context").asText("."));
                if (!Files.exists(context.resolve(build.path("dockerfile").asText("Dockerfile")))) {
                    missing.add(e.getKey() + ": dockerfile");
                }
            }
        });
        assertEquals(List.of(), missing);
    }

    @Test
    void shouldLetTheGracefulShutdownFinishWhenComposeStopsChute() {
        String grace = services.path("chute").path("stop_grace_period").asText("10s");
        long defaultShutdownMs = (Long) ChuteConfig.definition().defaultValues()
                .get(ChuteConfig.SHUTDOWN_TIMEOUT_MS_CONFIG);
        assertTrue(grace.matches("\\d+s") && Long.parseLong(grace.replace("s", "")) * 1000 > defaultShutdownMs,
                "stop_grace_period " + grace + " vs shutdown.timeout.ms " + defaultShutdownMs);
    }

    @Test
    void shouldScrapeChuteOnItsMetricsPortWhenPrometheusIsConfigured() throws IOException {
        Properties chute = new Properties();
        try (Reader r = Files.newBufferedReader(DOCKER.resolve("chute/chute.properties"))) {
            chute.load(r);
        }
        String port = chute.getProperty("metrics.port");
        assertEquals(port, services.path("chute").path("expose").path(0).asText());
        JsonNode prometheus = read(DOCKER.resolve("prometheus/prometheus.yml"));
        boolean found = false;
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if ("chute".equals(job.path("job_name").asText())) {
                found = port.equals(job.path("dns_sd_configs").path(0).path("port").asText());
            }
        }
        assertTrue(found, "prometheus job chute on port " + port);
    }
}
