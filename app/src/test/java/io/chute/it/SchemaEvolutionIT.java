package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;

/**
 * A new schema version registered while chute runs: v2 of the example event adds the optional {@code referrer}
 * that the table (created without it) lacks.
 */
class SchemaEvolutionIT {
    private static final Duration WAIT = Duration.ofMinutes(3);

    /** The example table minus {@code referrer}: the table as it was made for v1. */
    private static Harness harnessWithoutReferrer() throws Exception {
        Harness h = new Harness(2, false);
        h.clickHouse.queryAll("ALTER TABLE " + h.database + ".events DROP COLUMN referrer");
        return h;
    }

    private static Properties config(Harness h, String evolution) {
        Properties p = h.config(h.name);
        p.setProperty("schema.evolution", evolution);
        return p;
    }

    private static double schemaMismatches(ChuteApp app) {
        return app.metrics().counter(ChuteMetric.RECORDS_DEAD_LETTERED, "reason", "schema_mismatch").count();
    }

    private static String columnType(Harness h, String column) {
        var rows = h.clickHouse.queryAll("SELECT type FROM system.columns WHERE database = '" + h.database
                + "' AND table = 'events' AND name = '" + column + "'");
        return rows.isEmpty() ? null : rows.get(0).getString("type");
    }

    @Test
    void shouldAddTheColumnAndLandEveryRowWhenProducersSwitchToV2WhileChuteRuns() throws Exception {
        try (Harness h = harnessWithoutReferrer()) {
            double mismatches;
            h.produce(0, 3_000, n -> false);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config(h, "add-columns")))) {
                app.start();
                Harness.await("v1 rows", WAIT, () -> h.clickHouseCount() >= h.expected.size());

                h.registerV2();
                // the producer switches to v2 mid-batch: old-layout rows are in open blocks when the column comes
                h.produce(3_000, 6_000, n -> n >= 3_500);
                h.produce(6_000, 7_000, n -> n % 2 == 1); // and a lagging one still sends v1 too
                Harness.await("v1 and v2 rows", WAIT, () -> h.clickHouseCount() >= h.expected.size()
                        && app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED) >= h.invalid);
                Thread.sleep(1500); // a late duplicate would show up now
                mismatches = schemaMismatches(app);
            }
            assertEquals("Nullable(String)", columnType(h, "referrer"));
            assertEquals(List.of(), h.differences(), "v1 rows with referrer NULL, v2 rows with theirs");
            assertEquals(0.0, mismatches, "no schema_mismatch dead letter");
            assertEquals(h.invalid, h.deadLetters().size(), "only the invalid payloads are dead letters");
        }
    }

    @Test
    void shouldDeadLetterV2RecordsAsSchemaMismatchWhenEvolutionIsDeadLetter() throws Exception {
        try (Harness h = harnessWithoutReferrer()) {
            double mismatches;
            int v2Events;
            h.produce(0, 2_000, n -> false);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config(h, "dead-letter")))) {
                app.start();
                Harness.await("v1 rows", WAIT, () -> h.clickHouseCount() >= h.expected.size());

                h.registerV2();
                Set<String> v1Rows = new HashSet<>(h.expected.keySet());
                h.produce(2_000, 3_000, n -> true);
                v2Events = h.expected.size() - v1Rows.size();
                h.expected.keySet().retainAll(v1Rows); // v2 rows must not land
                h.produce(3_000, 4_000, n -> false);
                Harness.await("v1 rows and dead letters", WAIT, () -> h.clickHouseCount() >= h.expected.size()
                        && app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED) >= h.invalid + v2Events);
                Thread.sleep(1500);
                mismatches = schemaMismatches(app);
            }
            assertEquals(null, columnType(h, "referrer"), "dead-letter never changes the table");
            assertEquals(v2Events, mismatches);
            assertEquals(h.invalid + v2Events, h.deadLetters().size());
            // differences() reads referrer: give the table the column (NULL for every landed v1 row) to compare
            h.clickHouse.queryAll("ALTER TABLE " + h.database + ".events ADD COLUMN referrer Nullable(String)");
            assertEquals(List.of(), h.differences());
        }
    }
}
