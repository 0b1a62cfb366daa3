package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;

/**
 * Two rebalances while producers produce: a second instance joins mid-stream, later the first leaves gracefully.
 * Every revoked task commits (landing its blocks first) before its partitions move; ClickHouse must end with exactly
 * the valid input and the dead-letter topic with exactly the invalid input.
 */
class RebalanceIT {
    private static final int BATCHES = 30;
    private static final int BATCH = 2_000;

    @Test
    void shouldLandExactlyTheValidInputWhenInstancesJoinAndLeaveMidStream() throws Exception {
        try (Harness h = new Harness(4)) {
            ChuteConfig config = instance(h, "first");
            // One producer thread; the Harness' expectations are read only after it finished.
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < BATCHES; i++) {
                    h.produce((long) i * BATCH, (long) (i + 1) * BATCH);
                    sleep(500);
                }
            });
            ChuteApp second = null;
            try (ChuteApp first = new ChuteApp(config)) {
                first.start();
                Harness.await("first instance landed rows", Duration.ofMinutes(2),
                        () -> first.metrics().total(ChuteMetric.ROWS_INSERTED) > 5_000);
                second = new ChuteApp(instance(h, "second"));
                second.start();
                ChuteApp joined = second;
                Harness.await("second instance took partitions and landed rows", Duration.ofMinutes(2),
                        () -> joined.metrics().total(ChuteMetric.ROWS_INSERTED) > 0);
                assertTrue(!producing.isDone(), "the producers were still producing at the first rebalance");
            } // first leaves gracefully: its partitions move to the second
            try (ChuteApp last = second) {
                producing.get();
                Harness.await("all rows", Duration.ofMinutes(2), () -> h.clickHouseCount() >= h.expected.size());
                Harness.await("all dead letters", Duration.ofMinutes(1),
                        () -> new HashSet<>(h.deadLetters()).size() >= h.invalid);
                Thread.sleep(1500); // a late duplicate would show up now
                assertTrue(last.metrics().total(ChuteMetric.ROWS_INSERTED) > 0);
            }
            assertEquals(List.of(), h.differences());
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, letters.size(), "dead letters are exactly the invalid input");
            assertEquals(h.invalid, new HashSet<>(letters).size(), "no dead letter twice");
        }
    }

    /** Own state directory: two instances in one JVM must not share a process id (EOS transactional ids). */
    private static ChuteConfig instance(Harness h, String name) {
        java.util.Properties p = h.config(h.name);
        p.setProperty("streams.state.dir", java.nio.file.Path.of("target", "rebalance-it", h.name, name)
                .toAbsolutePath().toString());
        return ChuteConfig.fromProperties(p);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
