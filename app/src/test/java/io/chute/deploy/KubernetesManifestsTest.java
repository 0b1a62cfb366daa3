package io.chute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import io.chute.app.FailoverSettings;
import io.chute.config.ChuteConfig;

/** docker/k8s/*.yaml checked without a cluster: the StatefulSet, its probes, shutdown, budget and scraping. */
class KubernetesManifestsTest {
    private static final Path K8S = ComposeFileTest.DOCKER.resolve("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<JsonNode> objects = readAll();
    private final JsonNode statefulSet = only("StatefulSet");
    private final JsonNode pod = statefulSet.path("spec").path("template");
    private final JsonNode container = pod.path("spec").path("containers").path(0);
    private final Properties chute = chuteProperties();

    private static List<JsonNode> readAll() {
        List<JsonNode> all = new ArrayList<>();
        try (var files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(all::add);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + K8S, e);
        }
        return all;
    }

    private JsonNode only(String kind) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private Properties chuteProperties() {
        Properties p = new Properties();
        try {
            p.load(new StringReader(only("ConfigMap").path("data").path("chute.properties").asText()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    private String metricsPort() {
        return chute.getProperty(ChuteConfig.METRICS_PORT_CONFIG);
    }

    @Test
    void shouldGiveEveryPodAStableInstanceIdWhenRunAsAStatefulSet() {
        String name = statefulSet.path("metadata").path("name").asText();
        JsonNode headless = only("Service");
        assertEquals(name, statefulSet.path("spec").path("serviceName").asText());
        assertEquals(headless.path("metadata").path("name").asText(), name);
        assertEquals("None", headless.path("spec").path("clusterIP").asText());
        JsonNode instanceId = env("CHUTE_INSTANCE_ID");
        assertEquals("metadata.name", instanceId.path("valueFrom").path("fieldRef").path("fieldPath").asText(),
                "the pod name is the instance id");
        // and the 'auto' default reads the same pod name from HOSTNAME as a stable id
        assertEquals(Optional.of(name + "-2"), FailoverSettings.instanceId(chute.getProperty("instance.id", "auto"),
                Map.of("HOSTNAME", name + "-2")));
    }

    @Test
    void shouldProbeLivenessAndReadinessOnTheMetricsPortWhenThePodRuns() {
        assertEquals(metricsPort(), container.path("ports").path(0).path("containerPort").asText());
        assertEquals("/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/health/live", container.path("startupProbe").path("httpGet").path("path").asText());
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals("metrics", container.path(probe).path("httpGet").path("port").asText(), probe);
        }
    }

    @Test
    void shouldLeaveTheGracefulShutdownTimeToFinishWhenThePodIsTerminated() {
        long shutdownMs = Long.parseLong(chute.getProperty(ChuteConfig.SHUTDOWN_TIMEOUT_MS_CONFIG,
                String.valueOf(ChuteConfig.definition().defaultValues().get(ChuteConfig.SHUTDOWN_TIMEOUT_MS_CONFIG))));
        long graceMs = pod.path("spec").path("terminationGracePeriodSeconds").asLong() * 1000;
        assertTrue(graceMs > shutdownMs + 5000, "grace " + graceMs + " ms vs shutdown.timeout.ms " + shutdownMs);
    }

    @Test
    void shouldLimitVoluntaryDisruptionsToOnePodWhenTheBudgetSelectsChute() {
        JsonNode pdb = only("PodDisruptionBudget");
        assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt());
        assertEquals(pod.path("metadata").path("labels"), pdb.path("spec").path("selector").path("matchLabels"));
        assertEquals(pod.path("metadata").path("labels"), statefulSet.path("spec").path("selector")
                .path("matchLabels"));
    }

    @Test
    void shouldRequestTheMemoryItIsLimitedToWhenResourcesAreSet() {
        JsonNode resources = container.path("resources");
        assertTrue(resources.path("requests").has("memory") && resources.path("requests").has("cpu"));
        assertEquals(resources.path("limits").path("memory"), resources.path("requests").path("memory"),
                "the heap is a share of the limit: the request must guarantee all of it");
    }

    @Test
    void shouldAnnotateTheMetricsPortForScrapingWhenPrometheusDiscoversPods() {
        JsonNode annotations = pod.path("metadata").path("annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals(metricsPort(), annotations.path("prometheus.io/port").asText());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
    }

    @Test
    void shouldPinTheImageAndTakeSecretsFromASecretWhenTheContainerStarts() {
        assertTrue(ComposeFileTest.pinned(container.path("image").asText()), container.path("image").asText());
        assertTrue(env("CHUTE_CLICKHOUSE_PASSWORD").path("valueFrom").has("secretKeyRef"));
        assertTrue(!chute.stringPropertyNames().contains(ChuteConfig.CLICKHOUSE_PASSWORD_CONFIG),
                "no password in the ConfigMap");
        assertEquals("/etc/chute", container.path("volumeMounts").path(0).path("mountPath").asText());
    }

    private JsonNode env(String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        throw new AssertionError("no env " + name);
    }
}
