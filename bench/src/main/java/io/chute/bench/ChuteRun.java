package io.chute.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/**
 * Runs chute in this JVM with default settings over the pre-produced backlog and measures it: wall time from
 * {@code start()} and from the first record processed until the last row's insert was acknowledged (chute's own
 * {@code chute.rows.inserted} reaching N), CPU, memory, blocks, latency. Optionally a paced "live" phase afterwards
 * gives end-to-end latency of fresh records (the backlog's latency is only the age of the backlog).
 */
final class ChuteRun {
    private static final Duration POLL = Duration.ofMillis(10);

    /** Everything measured; {@code live} is null without a live phase. */
    record Result(long rows, Duration wallFromStart, Duration wallFromFirstRecord, Duration wallSecondHalf,
                  ResourceMeter.Usage usage,
                  long blocks, long commits, long deadLettered, long direct, long clickHouseRows,
                  LatencyPercentiles.Result backlogEndToEnd, LatencyPercentiles.Result insertLatency,
                  LatencyPercentiles.Result live, long liveEvents, int liveRate, Scale scale) {
    }

    /**
     * The many-lanes figures (issue 10): commit wait, memory peak vs budget, ledger transactions, and blocks per
     * table per second of the backlog and of the live phase (each INSERT makes at least one part).
     */
    record Scale(int tables, LatencyPercentiles.Result commitWait, long memoryPeak, long memoryBudget,
                 long ledgerTransactions, long backlogBlocks, long allBlocks, double liveBlocksPerSecondPerTable,
                 long backpressureWaits, long earlyBlocks) {
    }

    /** The paced live phase: how many events at what rate (0 events: none). */
    record Live(long events, int perSecond) {
    }

    private final Bench.Setup setup;
    private final Map<String, String> overrides;

    /** {@code overrides}: chute settings replacing defaults (none for the standard figures). */
    ChuteRun(Bench.Setup setup, Map<String, String> overrides) {
        this.setup = setup;
        this.overrides = Map.copyOf(overrides);
    }

    Result run(Duration timeout, Live live) throws InterruptedException {
        int tables = setup.tables().size();
        long n = setup.events() * tables;
        try (ChuteApp app = new ChuteApp(new ChuteConfig(settings(setup, overrides)))) {
            ChuteMetrics metrics = app.metrics();
            ResourceMeter meter = ResourceMeter.start(setup.brokerPid(), setup.registryPid());
            long t0 = System.nanoTime();
            app.start();
            long first = -1;
            long half = -1;
            long deadline = t0 + timeout.toNanos();
            for (double inserted; (inserted = metrics.total(ChuteMetric.ROWS_INSERTED)) < n; ) {
                if (first < 0 && metrics.total(ChuteMetric.RECORDS_IN) > 0) {
                    first = System.nanoTime();
                }
                if (half < 0 && inserted >= n / 2.0) {
                    half = System.nanoTime();
                }
                failIfStuck(app, metrics, deadline, n);
                Thread.sleep(POLL.toMillis());
            }
            long last = System.nanoTime();
            ResourceMeter.Usage usage = meter.stop();
            var registry = metrics.registry();
            var backlog = LatencyPercentiles.of(LatencyPercentiles.snapshot(registry,
                    ChuteMetric.END_TO_END_LATENCY.metricName()));
            var insert = LatencyPercentiles.of(LatencyPercentiles.snapshot(registry,
                    ChuteMetric.INSERT_LATENCY.metricName()));
            long blocks = (long) metrics.total(ChuteMetric.BLOCKS_INSERTED);
            long commits = (long) metrics.total(ChuteMetric.COMMITS);
            long dead = (long) metrics.total(ChuteMetric.RECORDS_DEAD_LETTERED);
            long direct = (long) metrics.total(ChuteMetric.RECORDS_DIRECT);
            long liveStart = System.nanoTime();
            LatencyPercentiles.Result liveLatency = live.events() > 0 ? livePhase(app, live, timeout) : null;
            double liveSeconds = (System.nanoTime() - liveStart) / 1e9;
            double liveBlocks = metrics.total(ChuteMetric.BLOCKS_INSERTED) - blocks;
            long landed = 0;
            for (String table : setup.tables()) {
                landed += setup.sql().count(setup.database(), table);
            }
            Scale scale = new Scale(tables, LatencyPercentiles.of(LatencyPercentiles.snapshot(registry,
                    ChuteMetric.COMMIT_WAIT.metricName())), gauge(metrics, ChuteMetric.MEMORY_PEAK),
                    gauge(metrics, ChuteMetric.MEMORY_BUDGET), (long) metrics.total(ChuteMetric.LEDGER_TRANSACTIONS),
                    blocks, (long) metrics.total(ChuteMetric.BLOCKS_INSERTED),
                    live.events() > 0 ? liveBlocks / liveSeconds / tables : 0,
                    (long) metrics.total(ChuteMetric.BACKPRESSURE_WAITS),
                    (long) metrics.total(ChuteMetric.BLOCKS_SUBMITTED_EARLY));
            return new Result(n, Duration.ofNanos(last - t0), Duration.ofNanos(last - (first < 0 ? t0 : first)),
                    Duration.ofNanos(last - (half < 0 ? last : half)), usage, blocks, commits, dead, direct, landed,
                    backlog, insert, liveLatency, live.events(),
                    live.perSecond(), scale);
        }
    }

    private static long gauge(ChuteMetrics metrics, ChuteMetric metric) {
        var gauge = metrics.registry().find(metric.metricName()).gauge();
        return gauge == null ? -1 : (long) gauge.value();
    }

    private LatencyPercentiles.Result livePhase(ChuteApp app, Live live, Duration timeout)
            throws InterruptedException {
        var registry = app.metrics().registry();
        String timer = ChuteMetric.END_TO_END_LATENCY.metricName();
        LatencyPercentiles.Counts before = LatencyPercentiles.snapshot(registry, timer);
        long target = (setup.events() + live.events()) * setup.tables().size();
        setup.loader().paced(setup.liveEvents(), live.events(), live.perSecond());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.metrics().total(ChuteMetric.ROWS_INSERTED) < target) {
            failIfStuck(app, app.metrics(), deadline, target);
            Thread.sleep(POLL.toMillis());
        }
        return LatencyPercentiles.since(before, LatencyPercentiles.snapshot(registry, timer));
    }

    private void failIfStuck(ChuteApp app, ChuteMetrics metrics, long deadline, long target) {
        boolean dead = app.streams().map(s -> !s.state().isRunningOrRebalancing()
                && s.state() != org.apache.kafka.streams.KafkaStreams.State.CREATED).orElse(false);
        if (dead || System.nanoTime() > deadline) {
            throw new IllegalStateException(String.format(
                    "chute did not land %d rows (%s): records in %.0f, valid %.0f, dead-lettered %.0f, "
                            + "rows inserted %.0f, blocks %.0f, retries %.0f; ClickHouse holds %s rows",
                    target, dead ? "streams state " + app.streams().get().state() : "timed out",
                    metrics.total(ChuteMetric.RECORDS_IN), metrics.total(ChuteMetric.RECORDS_VALID),
                    metrics.total(ChuteMetric.RECORDS_DEAD_LETTERED), metrics.total(ChuteMetric.ROWS_INSERTED),
                    metrics.total(ChuteMetric.BLOCKS_INSERTED), metrics.total(ChuteMetric.INSERT_RETRIES),
                    safeCount()));
        }
    }

    private String safeCount() {
        try {
            return Long.toString(setup.sql().count(setup.database(), Bench.TABLE));
        } catch (RuntimeException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    /**
     * chute's defaults (unless overridden), except what names this run's topic, registry, database, table. The
     * floors read their settings from the same map, so they follow any {@code --chute} override.
     */
    static Map<String, Object> settings(Bench.Setup setup, Map<String, String> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put(ChuteConfig.APPLICATION_ID_CONFIG, "bench-" + setup.topic());
        c.put(ChuteConfig.BOOTSTRAP_SERVERS_CONFIG, setup.bootstrap());
        c.put(ChuteConfig.SOURCE_TOPICS_CONFIG, setup.topic());
        c.put(ChuteConfig.DLQ_TOPIC_CONFIG, setup.topic() + "-dlq");
        c.put(ChuteConfig.REGISTRY_URL_CONFIG, setup.registryUrl());
        c.put(ChuteConfig.CLICKHOUSE_URL_CONFIG, setup.clickHouseUrl());
        c.put(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG, setup.database());
        c.put(ChuteConfig.TABLE_CONFIG, Bench.TABLE);
        if (setup.tables().size() > 1) {
            for (String table : setup.tables()) {
                c.put(ChuteConfig.ROUTE_PREFIX + table + ".table", table);
            }
        }
        c.putAll(overrides);
        return c;
    }
}
