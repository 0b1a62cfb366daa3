package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;

/** The whole pipeline on the real broker, registry and ClickHouse engine, with v1 and v2 producers mixed. */
class EndToEndIT {

    @Test
    void shouldLandValidRowsExactlyAndDeadLetterInvalidOnesWhenProducersUseV1AndV2() throws Exception {
        try (Harness h = new Harness(4)) {
            h.produce(0, 20_000);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(h.config(h.name)))) {
                app.start();
                Harness.await("all rows", Duration.ofMinutes(3), () -> h.clickHouseCount() >= h.expected.size()
                        && app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED) >= h.invalid);
                Thread.sleep(1500); // a late duplicate would show up now
            }
            assertEquals(List.of(), h.differences());
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, letters.size(), "dead letters");
            assertEquals(h.invalid, new HashSet<>(letters).size(), "no dead letter twice");
        }
    }

    @Test
    void shouldLandNothingTwiceWhenTheTopicIsReplayedFromEarliest() throws Exception {
        try (Harness h = new Harness(2)) {
            h.produce(0, 6_000);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(h.config(h.name)))) {
                app.start();
                Harness.await("all rows", Duration.ofMinutes(3), () -> h.clickHouseCount() >= h.expected.size());
            }
            // A new application id with the same ledger and namespace is a replay from earliest of everything.
            java.util.Properties replay = h.config(h.name + "-replay");
            replay.setProperty("ledger.topic", h.name + "-chute-ledger");
            replay.setProperty("dedup.namespace", h.name);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(replay))) {
                app.start();
                Harness.await("replay skipped every row", Duration.ofMinutes(3),
                        () -> app.metrics().total(ChuteMetric.ROWS_SKIPPED_LANDED) >= h.expected.size());
                assertEquals(0.0, app.metrics().total(ChuteMetric.ROWS_INSERTED));
            }
            assertEquals(List.of(), h.differences());
        }
    }
}
