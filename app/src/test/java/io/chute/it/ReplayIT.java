package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;
import io.chute.ops.Replayer;

/**
 * {@code chute replay}: a plain replay lands nothing twice; {@code --reingest} lands a truncated table again once; a
 * small backlog over many partitions lands without waiting out its lanes' grown linger.
 */
class ReplayIT {

    @Test
    void shouldLandEveryRowExactlyOnceWhenReplayedAndWhenReingestedAfterTruncate(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(2)) {
            h.produce(0, 5_050); // 5,000 valid rows, 50 dead letters
            ChuteConfig config = ChuteConfig.fromProperties(h.config(h.name));
            String file = CliRun.write(h.config(h.name), dir).toString();
            try (ChuteApp app = new ChuteApp(config)) {
                app.start();
                Harness.await("all rows", Duration.ofMinutes(3), () -> h.clickHouseCount() >= 5_000);
                CliRun refused = CliRun.of("replay", "--config", file, "--to-earliest");
                assertEquals(1, refused.exit(), "replay must refuse while chute runs");
                assertTrue(refused.err().contains("active member"), refused.err());
            }
            awaitInactive(config);

            CliRun replay = CliRun.of("replay", "--config", file, "--to-earliest");
            assertEquals(0, replay.exit(), replay.err());
            assertTrue(replay.out().contains("records skipped as already landed"), replay.out());
            try (ChuteApp app = new ChuteApp(config)) {
                app.start();
                Harness.await("replay skipped every row", Duration.ofMinutes(3),
                        () -> app.metrics().total(ChuteMetric.ROWS_SKIPPED_LANDED) >= 5_000);
                Thread.sleep(1500);
                assertEquals(0.0, app.metrics().total(ChuteMetric.ROWS_INSERTED));
                // the clean stop left each lane's last LANDED unwritten (below the committed offset); the replay
                // wrote them before moving the offsets back, so no INTENT is taken for an interrupted block
                assertEquals(0.0, app.metrics().total(ChuteMetric.BLOCKS_RECOVERED));
            }
            assertEquals(List.of(), h.differences());
            awaitInactive(config);

            h.clickHouse.queryAll("TRUNCATE TABLE " + h.database + ".events");
            CliRun reingest = CliRun.of("replay", "--config", file, "--to-earliest", "--reingest", "--table",
                    "events");
            assertEquals(0, reingest.exit(), reingest.err());
            assertTrue(reingest.out().contains("records land again"), reingest.out());
            try (ChuteApp app = new ChuteApp(config)) {
                app.start();
                Harness.await("rows again", Duration.ofMinutes(3), () -> h.clickHouseCount() >= 5_000);
                Thread.sleep(1500); // a late duplicate would show up now
            }
            assertEquals(5_000, h.clickHouseCount());
            assertEquals(List.of(), h.differences());
        }
    }

    @Test
    void shouldLandASmallBacklogOverManyPartitionsWithoutWaitingOutTheGrownLinger() throws Exception {
        try (Harness h = new Harness(64)) {
            for (int range = 0; range < 6; range++) {
                h.produce(range * 100L, range * 100L + 99); // 99 valid events each: no dead letter cuts a block
            }
            Properties props = h.config(h.name);
            // 64 lanes at 0.05 blocks/s linger 1,280 s, and no commit closes them: only a caught-up source does
            props.setProperty("insert.max.per.second.per.table", "0.05");
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(props))) {
                app.start();
                Harness.await("all 594 rows of the backlog", Duration.ofMinutes(2), () -> h.clickHouseCount() >= 594);
            }
            assertEquals(List.of(), h.differences());
        }
    }

    /** A closed Kafka Streams instance stays a group member until its session times out. */
    static void awaitInactive(ChuteConfig config) throws InterruptedException {
        try (Replayer replayer = new Replayer(config)) {
            Harness.await("group inactive", Duration.ofMinutes(1), () -> replayer.activeMembers().isEmpty());
        }
    }
}
