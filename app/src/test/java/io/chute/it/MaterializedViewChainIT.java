package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;

/**
 * Exactness through materialized views (issue 11): the staging table {@code events} feeds a MergeTree copy and a
 * SummingMergeTree aggregate through two views, and a {@code Null} table feeds a MergeTree through a third (chute
 * fans every record out to both). Every target must be exact after kill -9 runs, and after a view that fails
 * while chute retries.
 */
class MaterializedViewChainIT {
    private static final int EVENTS = Integer.getInteger("chute.mvchain.events", 20_000);
    private static final String POSITION_COLUMNS = "ADD COLUMN _topic LowCardinality(String) DEFAULT '', "
            + "ADD COLUMN _partition Int32 DEFAULT -1, ADD COLUMN _offset Int64 DEFAULT -1, "
            + "ADD COLUMN _timestamp DateTime64(3, 'UTC') DEFAULT 0";

    /** Staging table with position columns, its two views, and the Null fan-out; routes to both sources. */
    private static Properties chain(Harness h) {
        String db = h.database;
        sql(h, "ALTER TABLE " + db + ".events " + POSITION_COLUMNS);
        sql(h, "CREATE TABLE " + db + ".events_copy AS " + db + ".events");
        sql(h, "CREATE MATERIALIZED VIEW " + db + ".mv_copy TO " + db + ".events_copy AS SELECT * FROM " + db
                + ".events");
        sql(h, "CREATE TABLE " + db + ".events_agg (event_type LowCardinality(String), rows UInt64, user_sum Int64)"
                + " ENGINE = SummingMergeTree ORDER BY event_type SETTINGS non_replicated_deduplication_window = 10000");
        sql(h, "CREATE MATERIALIZED VIEW " + db + ".mv_agg TO " + db + ".events_agg AS SELECT event_type,"
                + " count() AS rows, sum(user_id) AS user_sum FROM " + db + ".events GROUP BY event_type");
        sql(h, "CREATE TABLE " + db + ".landing AS " + db + ".events ENGINE = Null");
        sql(h, "CREATE TABLE " + db + ".fanned AS " + db + ".events");
        sql(h, "CREATE MATERIALIZED VIEW " + db + ".mv_fan TO " + db + ".fanned AS SELECT * FROM " + db + ".landing");
        Properties config = h.config(h.name);
        config.setProperty("route.staging.table", "events");
        config.setProperty("route.fan.table", "landing");
        config.setProperty("processing.guarantee", "at_least_once");
        config.setProperty("block.max.rows", "2000");
        return config;
    }

    private static void sql(Harness h, String statement) {
        h.clickHouse.queryAll(statement);
    }

    private static long count(Harness h, String table) {
        return Long.parseLong(h.clickHouse.queryAll("SELECT count() AS c FROM " + h.database + "." + table).get(0)
                .getString("c"));
    }

    /** Every target exact: the copies row by row, the aggregate's sums equal to the input's, positions filled. */
    private static void assertExact(Harness h) {
        assertEquals(List.of(), h.differences("events"), "staging");
        assertEquals(List.of(), h.differences("events_copy"), "MergeTree copy through mv_copy");
        assertEquals(List.of(), h.differences("fanned"), "Null -> mv_fan -> MergeTree");
        Map<String, String> want = new TreeMap<>();
        Map<String, long[]> sums = new TreeMap<>();
        for (String row : h.expected.values()) {
            String[] f = row.split("\\|");
            long[] s = sums.computeIfAbsent(f[1], k -> new long[2]);
            s[0]++;
            s[1] += Long.parseLong(f[0]);
        }
        sums.forEach((type, s) -> want.put(type, s[0] + "/" + s[1]));
        Map<String, String> got = new TreeMap<>();
        h.clickHouse.queryAll("SELECT event_type, sum(rows) AS r, sum(user_sum) AS u FROM " + h.database
                + ".events_agg GROUP BY event_type").forEach(r -> got.put(r.getString("event_type"),
                r.getLong("r") + "/" + r.getLong("u")));
        assertEquals(want, got, "SummingMergeTree aggregate through mv_agg");
        var positions = h.clickHouse.queryAll("SELECT count() AS n, uniqExact(_partition, _offset) AS u,"
                + " countIf(_topic != '" + h.topic + "' OR _offset < 0 OR _partition < 0 OR _timestamp = 0) AS bad"
                + " FROM " + h.database + ".events").get(0);
        assertEquals(h.expected.size(), positions.getLong("u"), "one (partition, offset) per row");
        assertEquals(0, positions.getLong("bad"), "every position column filled");
    }

    @Test
    void shouldKeepEveryViewTargetExactWhenKilledRepeatedly() throws Exception {
        try (Harness h = new Harness(4)) {
            Properties config = chain(h);
            h.produce(0, EVENTS);
            long expected = h.expected.size();
            int kills = CrashSchedule.run(config, Path.of("target", "mvchain-it", h.name), 3, 11, () -> count(h,
                    "fanned"), expected, () -> count(h, "events") >= expected && count(h, "fanned") >= expected
                    && new HashSet<>(h.deadLetters()).size() >= h.invalid);
            assertTrue(kills >= 1, "killed " + kills);
            assertExact(h);
        }
    }

    @Test
    void shouldLandEveryTargetExactlyOnceWhenAViewFailsUntilItIsFixed() throws Exception {
        try (Harness h = new Harness(2);
             CountingProxy proxy = new CountingProxy(h.stack.clickHouseUrl())) {
            Properties config = chain(h);
            String db = h.database;
            sql(h, "CREATE TABLE " + db + ".toggle (fail UInt8) ENGINE = MergeTree ORDER BY tuple()");
            sql(h, "INSERT INTO " + db + ".toggle VALUES (1)");
            sql(h, "CREATE TABLE " + db + ".failing (n UInt64) ENGINE = SummingMergeTree ORDER BY tuple()"
                    + " SETTINGS non_replicated_deduplication_window = 1000");
            sql(h, "CREATE MATERIALIZED VIEW " + db + ".mv_failing TO " + db + ".failing AS SELECT count() AS n FROM "
                    + db + ".events WHERE throwIf(1 IN (SELECT fail FROM " + db + ".toggle), 'toggle on') = 0");
            config.setProperty("clickhouse.url", proxy.url());
            config.setProperty("clickhouse.settings.max_partitions_per_insert_block", "1000");
            config.setProperty("insert.retry.backoff.ms", "100");
            config.setProperty("insert.retry.backoff.max.ms", "500");
            h.produce(0, 2_000);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config))) {
                app.start();
                // the staging blocks cannot land while the view fails: each INSERT of them past the first is a retry
                Harness.await("retries of the failing view", Duration.ofSeconds(60), () -> proxy.queries().stream()
                        .filter(q -> q.contains("INSERT INTO `events`")).count() >= 6);
                assertTrue(count(h, "events") > 0, "the staging table took the block before its view failed");
                sql(h, "TRUNCATE TABLE " + db + ".toggle");
                Harness.await("all rows", Duration.ofSeconds(60), () -> count(h, "fanned") >= h.expected.size()
                        && count(h, "failing") > 0 && sumFailing(h) >= h.expected.size());
                Thread.sleep(1000);
            }
            assertExact(h);
            assertEquals(h.expected.size(), sumFailing(h), "the fixed view saw every row once");
            assertEquals(h.invalid, h.deadLetters().size(), "only the invalid records: no row of a failed view");
            List<String> inserts = proxy.queries().stream().filter(q -> q.contains("INSERT INTO")).toList();
            assertTrue(inserts.size() > 2, "inserts seen: " + inserts.size());
            for (String q : inserts) {
                for (String pair : List.of("async_insert=0", "insert_deduplicate=1",
                        "deduplicate_blocks_in_dependent_materialized_views=1", "deduplicate_insert=enable",
                        "max_partitions_per_insert_block=1000", "insert_deduplication_token=chute1:")) {
                    assertTrue(("&" + q).contains("&" + pair), pair + " missing in " + q);
                }
            }
        }
    }

    private static long sumFailing(Harness h) {
        return h.clickHouse.queryAll("SELECT sum(n) AS n FROM " + h.database + ".failing").get(0).getLong("n");
    }
}
