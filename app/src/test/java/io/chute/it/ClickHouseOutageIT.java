package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.localstack.clickhouse.LocalClickHouse;
import io.chute.metrics.ChuteMetric;

/**
 * ClickHouse goes away for 30 s mid-stream (the shared stack's server is stopped and restarted on the same port and
 * data): inserts retry with the same token, commits wait, nothing is lost, duplicated or dead-lettered because of
 * the outage. The shared ClickHouse is restored in a finally block: the other ITs of this JVM use it.
 */
class ClickHouseOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void shouldLandEveryValidRowOnceAndDeadLetterOnlyInvalidInputWhenClickHouseIsDownFor30Seconds()
            throws Exception {
        LocalClickHouse server = null;
        try (Harness h = new Harness(4)) {
            server = h.stack.clickHouse();
            h.produce(0, 50_000);
            Properties config = h.config(h.name);
            config.setProperty("block.max.rows", "5000");
            // Keeps the first retry after the restart close to it; the default cap (30 s) is for production.
            config.setProperty("insert.retry.backoff.max.ms", "2000");
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config))) {
                app.start();
                Harness.await("first rows landed", Duration.ofMinutes(2), () -> app.metrics()
                        .total(ChuteMetric.ROWS_INSERTED) > 0);
                long landedBefore;
                try {
                    server.stop();
                    landedBefore = (long) app.metrics().total(ChuteMetric.ROWS_INSERTED);
                    // Producers keep producing through the outage: these rows can only land after it.
                    h.produce(50_000, 100_000);
                    Thread.sleep(OUTAGE.toMillis());
                    assertTrue(app.streams().orElseThrow().state().isRunningOrRebalancing(),
                            "chute survived the outage: " + app.streams().orElseThrow().state());
                } finally {
                    server.restart();
                }
                assertTrue(landedBefore < h.expected.size(), "outage began mid-stream: " + landedBefore);
                Harness.await("all rows after the outage", Duration.ofMinutes(2), () -> h.clickHouseCountOrZero()
                        >= h.expected.size() && app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED) >= h.invalid);
                Thread.sleep(1500); // a late duplicate would show up now
                assertTrue(app.metrics().total(ChuteMetric.INSERT_RETRIES) > 0, "inserts were retried");
            }
            assertEquals(List.of(), h.differences());
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, letters.size(), "dead letters are exactly the invalid input");
            assertEquals(h.invalid, new HashSet<>(letters).size(), "no dead letter twice");
        } finally {
            if (server != null && !server.isRunning()) {
                server.restart();
            }
        }
    }
}
