package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.app.ChuteApp;
import io.chute.cli.CliProcess;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;

/** What an operator sees at start: waiting for ClickHouse, a metrics port in use, a database that is missing. */
class StartupIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldBeNotReadyWhileClickHouseAndTheRegistryAreDownAndLandRowsWhenTheyComeUp() throws Exception {
        try (Harness h = new Harness(1)) {
            h.produce(0, 1_000);
            int clickHousePort = TcpRelay.freePort();
            int registryPort = TcpRelay.freePort();
            URI registry = URI.create(h.stack.registryUrl());
            Properties config = h.config(h.name);
            config.setProperty("clickhouse.url", "http://127.0.0.1:" + clickHousePort);
            config.setProperty("schema.registry.url", "http://127.0.0.1:" + registryPort + registry.getPath());
            config.setProperty("metrics.port", "0");
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config))) {
                CompletableFuture<Void> started = CompletableFuture.runAsync(app::start);
                Harness.await("metrics port bound", Duration.ofSeconds(30), () -> app.metricsPort().isPresent());
                String base = "http://127.0.0.1:" + app.metricsPort().getAsInt();
                Harness.await("ready names both waits", Duration.ofSeconds(30), () -> {
                    String body = get(base + "/health/ready").body();
                    return body.contains("clickhouse at http://127.0.0.1:" + clickHousePort)
                            && body.contains("registry at http://127.0.0.1:" + registryPort) && !body.contains(
                            "not checked yet");
                });
                HttpResponse<String> ready = get(base + "/health/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("starting: waiting for"), ready.body());
                assertEquals(200, get(base + "/health/live").statusCode(), "waiting is no reason to restart");
                assertFalse(started.isDone(), "start waits for ClickHouse and the registry");

                URI clickHouse = URI.create(h.stack.clickHouseUrl());
                long upAt = System.nanoTime();
                try (TcpRelay registryUp = new TcpRelay(registryPort, registry.getHost(), registry.getPort());
                        TcpRelay clickHouseUp = new TcpRelay(clickHousePort, clickHouse.getHost(),
                                clickHouse.getPort())) {
                    started.get(60, TimeUnit.SECONDS);
                    Harness.await("ready", Duration.ofSeconds(60),
                            () -> get(base + "/health/ready").statusCode() == 200);
                    Harness.await("rows landed", Duration.ofSeconds(60),
                            () -> app.metrics().total(ChuteMetric.ROWS_INSERTED) >= h.expected.size());
                    System.out.printf("ready %.1f s after ClickHouse and the registry came up%n",
                            (System.nanoTime() - upAt) / 1e9);
                    assertEquals(List.of(), h.differences());
                }
            }
        }
    }

    @Test
    void shouldExit1WithOneLineAndNeverJoinTheGroupWhenMetricsPortIsInUse(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1);
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            Properties config = h.config(h.name);
            config.setProperty("metrics.port", Integer.toString(taken.getLocalPort()));
            CliProcess run = CliProcess.run(dir, Map.of(), "run", "--config", CliRun.write(config, dir).toString());

            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().contains("chute: cannot start: cannot listen on metrics.port "
                    + taken.getLocalPort()), run.err());
            assertFalse(run.hasStackTrace(), run.err());
            assertEquals("", run.out());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    h.stack.bootstrapServers()))) {
                assertTrue(neverExisted(admin, h.name), "the group was never joined");
                assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(h.name + "-chute-ledger"),
                        "failed before creating anything");
            }
        }
    }

    @Test
    void shouldExit1WithOneLineWhenTheDatabaseOrTheTableDoesNotExist(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            Properties config = h.config(h.name);
            config.setProperty("clickhouse.database", h.database + "_missing");
            CliProcess run = CliProcess.run(dir, Map.of(), "run", "--config", CliRun.write(config, dir).toString());

            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().contains("chute: cannot start: database '" + h.database + "_missing' does not exist"),
                    run.err());
            assertFalse(run.hasStackTrace(), run.err());

            config.setProperty("clickhouse.database", h.database);
            config.setProperty("table", "no_such_table");
            run = CliProcess.run(dir, Map.of(), "run", "--config", CliRun.write(config, dir).toString());
            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().contains("chute: table 'no_such_table' not found in database " + h.database),
                    run.err());
            assertFalse(run.hasStackTrace(), run.err());
        }
    }

    @Test
    void shouldExit1WithOneLineWhenClickHouseRefusesThePassword(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            Properties config = h.config(h.name);
            config.setProperty("clickhouse.password", "wrong-secret");
            CliProcess run = CliProcess.run(dir, Map.of(), "run", "--config", CliRun.write(config, dir).toString());

            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().contains("chute: cannot start: ClickHouse at " + h.stack.clickHouseUrl()
                    + " refused user 'default' (code 516)"), run.err());
            assertFalse(run.hasStackTrace(), run.err());
            assertFalse(run.err().contains("wrong-secret"), "the password is never printed");
        }
    }

    /** Kafka 4 answers "not found" for a group no member ever joined (older brokers: DEAD without members). */
    private static boolean neverExisted(Admin admin, String groupId) throws Exception {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(30, TimeUnit.SECONDS).get(groupId);
            return group.groupState() == GroupState.DEAD && group.members().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return true;
            }
            throw e;
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }
}
