package io.chute.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.localstack.kafka.KafkaMain;
import io.chute.localstack.process.ChildProcess;
import io.chute.localstack.process.StaleChildren;

class LocalStackIT {
    @TempDir
    Path workDir;

    @Test
    void shouldServeKafkaAndRegistryWhenStartedWithoutClickHouse() throws Exception {
        try (LocalStack stack = LocalStack.start(workDir, LocalStack.Options.defaults().withClickHouse(false))) {
            System.out.printf("LocalStack (kafka + registry) ready in %.1f s%n", stack.startupTime().toMillis() / 1e3);
            assertTrue(stack.startupTime().compareTo(Duration.ofSeconds(60)) < 0, "startup " + stack.startupTime());

            String topic = LocalStack.uniqueName("orders");
            stack.kafka().createTopic(topic, 3, Map.of());
            assertEquals(3, stack.kafka().admin().describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions().size());
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, subjects.statusCode());
            assertEquals("[]", subjects.body().trim());
            assertFalse(stack.hasClickHouse());
            assertThrows(IllegalStateException.class, stack::clickHouseUrl);
        }
    }

    @Test
    void shouldStopStartedServicesWhenAnotherServiceCannotStart() throws Exception {
        // the registry's work dir is held by a live foreign run, so only the registry fails to start
        Process owner = new ProcessBuilder("sleep", "120").start();
        try (ChildProcess squatter = StaleChildren.leave(workDir.resolve("registry"), "registry", owner.pid())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalStack.start(workDir, LocalStack.Options.defaults().withClickHouse(false)).close());
            assertTrue(String.valueOf(e.getCause().getMessage()).contains("still uses this work dir"), e.toString());
            assertFalse(ProcessHandle.current().children().anyMatch(LocalStackIT::isKafka), "kafka was left running");
            assertTrue(squatter.isAlive(), "a live foreign run's child must not be touched");
        } finally {
            owner.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean isKafka(ProcessHandle p) {
        return p.isAlive() && p.info().commandLine().map(c -> c.contains(KafkaMain.class.getName())).orElse(false);
    }

    @Test
    void shouldReturnSameStackWhenSharedIsCalledTwice() {
        String before = System.getProperty(LocalStack.SHARED_CLICKHOUSE_PROPERTY);
        System.setProperty(LocalStack.SHARED_CLICKHOUSE_PROPERTY, "false");
        try {
            LocalStack first = LocalStack.shared();
            assertSame(first, LocalStack.shared());
            assertTrue(first.kafka().isRunning() && first.registry().isRunning());
        } finally {
            if (before == null) {
                System.clearProperty(LocalStack.SHARED_CLICKHOUSE_PROPERTY);
            } else {
                System.setProperty(LocalStack.SHARED_CLICKHOUSE_PROPERTY, before);
            }
        }
    }

    @Test
    void shouldGiveDistinctSafeNamesWhenAskedTwice() {
        String a = LocalStack.uniqueName("My-Topic");
        String b = LocalStack.uniqueName("My-Topic");
        assertNotEquals(a, b);
        assertTrue(a.matches("[a-z][a-z0-9_]*"), a);
        assertTrue(LocalStack.uniqueName("9lives").startsWith("t9lives_"));
    }
}
