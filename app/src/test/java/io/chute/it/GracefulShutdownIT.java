package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.chute.localstack.clickhouse.LocalClickHouse;

/**
 * SIGTERM on a chute JVM whose blocks are open (long linger, long commit interval, nothing landed yet): the
 * graceful shutdown lands them and exits 0; when ClickHouse cannot take them, {@code shutdown.timeout.ms} or a
 * second SIGTERM still ends the process, and a later run lands every row exactly once (nothing was committed).
 */
class GracefulShutdownIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldLandOpenBlocksAndExitZeroWhenSigtermed() throws Exception {
        try (Harness h = new Harness(2)) {
            h.produce(0, 5000);
            int port = freePort();
            ChuteProcess chute = ChuteProcess.start(openBlocks(h, h.stack.clickHouseUrl(), port), dir(h), "run");
            try {
                awaitBuffered(chute, port, h.expected.size());
                assertEquals(0, h.clickHouseCount(), "the rows wait in open blocks");
                long t = System.nanoTime();
                assertEquals(0, chute.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM; see " + chute.log);
                System.out.printf("SHUTDOWN landed %d open rows and exited 0 in %.1f s%n", h.expected.size(),
                        (System.nanoTime() - t) / 1e9);
            } finally {
                chute.kill9();
            }
            assertTrue(chute.logContains("shut down cleanly"), "logged; see " + chute.log);
            assertEquals(List.of(), h.differences());
        }
    }

    @Test
    void shouldExitWithoutLosingRowsWhenTheShutdownTimesOutOrASecondSigtermArrives() throws Exception {
        LocalClickHouse server = null;
        try (Harness h = new Harness(2)) {
            server = h.stack.clickHouse();
            h.produce(0, 3000);
            // ClickHouse goes away after the start: the open blocks cannot land within shutdown.timeout.ms (3 s).
            int port = freePort();
            Properties config = openBlocks(h, h.stack.clickHouseUrl(), port);
            // at_least_once: a process that exits uncleanly under exactly_once_v2 leaves its transaction (with dead
            // letters) open until transaction.timeout.ms, holding back read_committed readers of the DLQ meanwhile.
            config.setProperty("processing.guarantee", "at_least_once");
            ChuteProcess first = ChuteProcess.start(config, dir(h), "timeout");
            try {
                awaitBuffered(first, port, h.expected.size());
                server.stop();
                long t = System.nanoTime();
                assertEquals(1, first.terminate(Duration.ofSeconds(30)), "not clean: see " + first.log);
                double took = (System.nanoTime() - t) / 1e9;
                System.out.printf("SHUTDOWN with ClickHouse down: exited 1 after %.1f s (shutdown.timeout.ms 3 s)%n",
                        took);
                assertTrue(took < 20, "bounded by shutdown.timeout.ms: " + took + " s");
                assertTrue(first.logContains("without landing everything"), "logged; see " + first.log);
            } finally {
                first.kill9();
                server.restart();
            }
            // Again, with fresh rows in open blocks and ClickHouse gone; a second SIGTERM ends the wait at once.
            int before = h.expected.size();
            h.produce(3000, 6000);
            ChuteProcess second = ChuteProcess.start(config, dir(h), "second-signal");
            try {
                awaitBuffered(second, port, h.expected.size() - before);
                server.stop();
                second.sigterm();
                Thread.sleep(1000);
                long t = System.nanoTime();
                assertEquals(1, second.terminate(Duration.ofSeconds(10)), "second SIGTERM; see " + second.log);
                System.out.printf("SHUTDOWN second SIGTERM: exited 1 after %.1f s%n", (System.nanoTime() - t) / 1e9);
                assertTrue(second.logContains("second SIGTERM"), "logged; see " + second.log);
            } finally {
                second.kill9();
                server.restart();
            }
            try (ChuteProcess last = ChuteProcess.start(h.config(h.name), dir(h), "final")) {
                Harness.await("every row", Duration.ofSeconds(90), () -> h.clickHouseCountOrZero() >= h.expected.size()
                        && new HashSet<>(h.deadLetters()).size() >= h.invalid);
                Thread.sleep(1000);
            }
            assertEquals(List.of(), h.differences());
            assertEquals(h.invalid, new HashSet<>(h.deadLetters()).size(), "every dead letter (at least once)");
        } finally {
            if (server != null && !server.isRunning()) {
                server.restart();
            }
        }
    }

    /** Blocks that stay open until a commit: no row lands before the SIGTERM. */
    private static Properties openBlocks(Harness h, String clickHouseUrl, int metricsPort) {
        Properties p = h.config(h.name);
        p.setProperty("clickhouse.url", clickHouseUrl);
        p.setProperty("block.linger.ms", "600000");
        p.setProperty("block.max.rows", "1000000");
        p.setProperty("commit.interval.ms", "20000");
        p.setProperty("streams.producer.transaction.timeout.ms", "30000"); // Streams wants it above the interval
        p.setProperty("shutdown.timeout.ms", "3000");
        p.setProperty("insert.retry.backoff.max.ms", "500");
        p.setProperty("metrics.port", Integer.toString(metricsPort));
        return p;
    }

    private static Path dir(Harness h) {
        return Path.of("target", "shutdown-it", h.name);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until chute reports {@code rows} rows in open blocks (chute_buffered_rows). */
    private static void awaitBuffered(ChuteProcess chute, int port, int rows) throws InterruptedException {
        Harness.await(rows + " buffered rows", Duration.ofSeconds(90), () -> {
            if (!chute.isAlive()) {
                throw new AssertionError("chute exited; see " + chute.log);
            }
            return buffered(port) >= rows;
        });
    }

    private static double buffered(int port) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("chute_buffered_rows ")) {
                    return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
        } catch (Exception e) {
            // not up yet
        }
        return -1;
    }
}
