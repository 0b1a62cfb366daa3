package io.chute.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.app.ChuteApp;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
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
    private static final Logger LOG = LoggerFactory.getLogger(ChuteRun.class);
    private static final Duration POLL = Duration.ofMillis(10);

    /** Everything measured; {@code live} is null without a live phase. */
    record Result(long rows, Duration wallFromStart, Duration wallFromFirstRecord, Duration wallSecondHalf,
                  ResourceMeter.Usage usage,
                  long blocks, long commits, long deadLettered, long direct, long clickHouseRows,
                  LatencyPercentiles.Result backlogEndToEnd, LatencyPercentiles.Result insertLatency,
                  LatencyPercentiles.Result live, long liveEvents, int liveRate, Scale scale) {
    }

    /**
     * The many-lanes figures (issue 10): commit wait and insert latency over the whole point (backlog and live
     * phase), memory peak vs budget, ledger transactions, blocks per table per second of the backlog and of the live
     * phase, the parts ClickHouse created, the JVM heap over the whole point (sampled peak, peak after any GC, peak
     * after the forced full GCs and their count), the live phase's exact end-to-end latency from ClickHouse's
     * {@code landed_at} (null: not measured), and the linger the settings give a table with every partition's lane
     * open.
     */
    record Scale(int tables, LatencyPercentiles.Result commitWait, LatencyPercentiles.Result insertLatency,
                 long memoryPeak, long memoryBudget,
                 long ledgerTransactions, long backlogBlocks, long allBlocks, double liveBlocksPerSecondPerTable,
                 long backpressureWaits, long earlyBlocks, Parts parts, Duration liveWall, Heap heap,
                 LatencyPercentiles.Result liveLanded, long grownLingerMillis, double maxPerSecondPerTable) {
    }

    /**
     * The JVM heap over a point: sampled peak (garbage included), peak left after any GC, peak left after a forced
     * full GC (-1: none) and how many full GCs were forced.
     */
    record Heap(long sampledPeakBytes, long afterGcPeakBytes, long afterFullGcPeakBytes, long forcedGcs) {
        static Heap of(ResourceMeter.Usage a, ResourceMeter.Usage b) {
            return new Heap(Math.max(a.heapPeakBytes(), b.heapPeakBytes()),
                    Math.max(a.liveHeapPeakBytes(), b.liveHeapPeakBytes()),
                    Math.max(a.fullGcLiveHeapPeakBytes(), b.fullGcLiveHeapPeakBytes()), a.forcedGcs() + b.forcedGcs());
        }
    }

    /**
     * What the scale series adds to a run: ClickHouse's {@code landed_at} column on the target tables (exact live
     * end-to-end latency), 1 %-wide buckets on the commit wait and insert latency timers, and a forced full GC
     * every {@code fullGcEvery} (zero: none).
     */
    record Probes(boolean landedAt, boolean fineBuckets, Duration fullGcEvery) {
        static final Probes NONE = new Probes(false, false, Duration.ZERO);
    }

    /**
     * Parts ClickHouse created per table ({@link ClickHouseSql#partsCreated}) during the backlog and during the live
     * phase; {@code unmeasured} says why there is no figure (null when measured).
     */
    record Parts(Map<String, Long> backlog, Map<String, Long> live, String unmeasured) {
        /** Parts per second of the busiest table over {@code wall} (-1: not measured). */
        double perSecondPerTable(Map<String, Long> phase, Duration wall) {
            long most = phase.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return unmeasured != null || wall.isZero() ? -1 : most / (wall.toNanos() / 1e9);
        }

        long total(Map<String, Long> phase) {
            return phase.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The paced live phase: how many events at what rate (0 events: none). */
    record Live(long events, int perSecond) {
    }

    private final Bench.Setup setup;
    private final Map<String, String> overrides;
    private final Probes probes;

    /** {@code overrides}: chute settings replacing defaults (none for the standard figures). */
    ChuteRun(Bench.Setup setup, Map<String, String> overrides) {
        this(setup, overrides, Probes.NONE);
    }

    ChuteRun(Bench.Setup setup, Map<String, String> overrides, Probes probes) {
        this.setup = setup;
        this.overrides = Map.copyOf(overrides);
        this.probes = probes;
    }

    Result run(Duration timeout, Live live) throws InterruptedException {
        int tables = setup.tables().size();
        long n = setup.events() * tables;
        ChuteConfig config = new ChuteConfig(settings(setup, overrides));
        if (probes.landedAt()) {
            setup.tables().forEach(t -> setup.sql().addLandedAt(setup.database(), t));
        }
        try (ChuteApp app = new ChuteApp(config)) {
            ChuteMetrics metrics = app.metrics();
            if (probes.fineBuckets()) {
                // before start(), which registers these timers; Micrometer warns once that other meters exist
                metrics.registry().config().meterFilter(LatencyPercentiles.fineBuckets(Set.of(
                        ChuteMetric.COMMIT_WAIT.metricName(), ChuteMetric.INSERT_LATENCY.metricName())));
            }
            ResourceMeter meter = ResourceMeter.start(setup.brokerPid(), setup.registryPid(), probes.fullGcEvery());
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
            Map<String, Long> backlogParts = partsCreated();
            long blocks = (long) metrics.total(ChuteMetric.BLOCKS_INSERTED);
            long commits = (long) metrics.total(ChuteMetric.COMMITS);
            long dead = (long) metrics.total(ChuteMetric.RECORDS_DEAD_LETTERED);
            long direct = (long) metrics.total(ChuteMetric.RECORDS_DIRECT);
            ResourceMeter liveMeter = ResourceMeter.start(setup.brokerPid(), setup.registryPid(),
                    probes.fullGcEvery());
            long liveStart = System.nanoTime();
            long liveStartMillis = System.currentTimeMillis(); // every live event's ts is at or after it
            LatencyPercentiles.Result liveLatency = live.events() > 0 ? livePhase(app, live, timeout) : null;
            Duration liveWall = Duration.ofNanos(System.nanoTime() - liveStart);
            ResourceMeter.Usage liveUsage = liveMeter.stop();
            Scale scale = scale(config, metrics, blocks, parts(backlogParts, live), liveWall,
                    Heap.of(usage, liveUsage), liveLanded(live, liveStartMillis), live.events() > 0);
            return new Result(n, Duration.ofNanos(last - t0), Duration.ofNanos(last - (first < 0 ? t0 : first)),
                    Duration.ofNanos(last - (half < 0 ? last : half)), usage, blocks, commits, dead, direct,
                    landedRows(), backlog, insert, liveLatency, live.events(), live.perSecond(), scale);
        }
    }

    private Scale scale(ChuteConfig config, ChuteMetrics metrics, long backlogBlocks, Parts parts, Duration liveWall,
                        Heap heap, LatencyPercentiles.Result liveLanded, boolean withLive) {
        int tables = setup.tables().size();
        double liveBlocks = metrics.total(ChuteMetric.BLOCKS_INSERTED) - backlogBlocks;
        double bound = config.getDouble(ChuteConfig.INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG);
        // a single instance holds one lane per partition of each table, all open while records keep coming; grouped
        // inserts cut every lane at each commit, which comes every min(commit.interval.ms, block.linger.ms)
        long base = config.getLong(ChuteConfig.BLOCK_LINGER_MS_CONFIG);
        long linger = config.groupedInserts() ? config.streamsCommitIntervalMs()
                : new InstanceLimits(MemoryBudget.unbounded(), bound).lingerMillis(base, setup.partitions());
        var registry = metrics.registry();
        return new Scale(tables, LatencyPercentiles.of(LatencyPercentiles.snapshot(registry,
                ChuteMetric.COMMIT_WAIT.metricName())), LatencyPercentiles.of(LatencyPercentiles.snapshot(registry,
                ChuteMetric.INSERT_LATENCY.metricName())), gauge(metrics, ChuteMetric.MEMORY_PEAK),
                gauge(metrics, ChuteMetric.MEMORY_BUDGET), (long) metrics.total(ChuteMetric.LEDGER_TRANSACTIONS),
                backlogBlocks, (long) metrics.total(ChuteMetric.BLOCKS_INSERTED),
                withLive ? liveBlocks / (liveWall.toNanos() / 1e9) / tables : 0,
                (long) metrics.total(ChuteMetric.BACKPRESSURE_WAITS),
                (long) metrics.total(ChuteMetric.BLOCKS_SUBMITTED_EARLY), parts, liveWall, heap, liveLanded,
                linger, bound);
    }

    /** The live rows' exact end-to-end latency from ClickHouse (null: no live phase or no landed_at column). */
    private LatencyPercentiles.Result liveLanded(Live live, long sinceMillis) {
        if (!probes.landedAt() || live.events() == 0) {
            return null;
        }
        try {
            return setup.sql().landedLatency(setup.database(), setup.tables(), sinceMillis);
        } catch (RuntimeException e) {
            LOG.warn("could not read landed_at of {}: {}", setup.database(), e.getMessage());
            return null;
        }
    }

    /** The live phase's parts: those created since the backlog's end ({@code backlog} null: not measured). */
    private Parts parts(Map<String, Long> backlog, Live live) {
        if (backlog == null) {
            return new Parts(Map.of(), Map.of(), "system.parts could not be read (see the log)");
        }
        Map<String, Long> now = live.events() > 0 ? partsCreated() : backlog;
        if (now == null) {
            return new Parts(backlog, Map.of(), "system.parts could not be read after the live phase (see the log)");
        }
        Map<String, Long> livePhase = new HashMap<>();
        now.forEach((table, parts) -> livePhase.put(table, parts - backlog.getOrDefault(table, 0L)));
        return new Parts(backlog, livePhase, null);
    }

    /** Parts per table of this run's database, or null (logged) when ClickHouse does not answer. */
    private Map<String, Long> partsCreated() {
        try {
            return setup.sql().partsCreated(setup.database());
        } catch (RuntimeException e) {
            LOG.warn("could not read system.parts of {}: {}", setup.database(), e.getMessage());
            return null;
        }
    }

    private long landedRows() {
        long landed = 0;
        for (String table : setup.tables()) {
            landed += setup.sql().count(setup.database(), table);
        }
        return landed;
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
