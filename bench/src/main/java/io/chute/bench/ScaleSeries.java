package io.chute.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.config.ChuteConfig;
import io.chute.localstack.LocalStack;

/**
 * {@code --scale}: chute alone over the same stack at several partition counts and table counts (routes fanning
 * every record out to each table), one fresh topic and database per point, and one line of figures per point with
 * its ratio to the first partition count of the same table count. Issue 10's questions: does throughput hold with
 * many lanes, does the commit wait for the slowest insert, does memory stay within the budget, how many parts per
 * table per second at low volume, how many ledger transactions per block.
 */
final class ScaleSeries {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleSeries.class);
    private static final double JIT_QUIET_SHARE = 0.05;
    private static final long JIT_SETTLE_MAX_SECONDS = 120;

    /** One measured point; {@code ceiling} null when the floors were skipped. */
    record Point(int partitions, int tables, ChuteRun.Result result, ScaleCeiling.Result ceiling) {
    }

    private final LocalStack stack;
    private final long events;
    private final Map<String, String> overrides;
    private final ChuteRun.Live live;
    private final ChuteRun.Probes probes;
    private final long warmupEvents;
    private final Path floorSpool;
    private String warmUpNote = "";

    /**
     * @param warmupEvents a first, unreported point of this many events (0: none): see {@link #warmUp}
     * @param floorSpool where the insert floor spools its blocks; null: no floors (see {@link ScaleCeiling})
     */
    ScaleSeries(LocalStack stack, long events, Map<String, String> overrides, ChuteRun.Live live,
                ChuteRun.Probes probes, long warmupEvents, Path floorSpool) {
        this.stack = stack;
        this.events = events;
        this.overrides = overrides;
        this.live = live;
        this.probes = probes;
        this.warmupEvents = warmupEvents;
        this.floorSpool = floorSpool;
    }

    List<Point> run(List<Integer> partitionCounts, List<Integer> tableCounts, Duration timeout) throws Exception {
        warmUp(partitionCounts, tableCounts.stream().mapToInt(Integer::intValue).max().orElse(1), timeout);
        List<Point> points = new ArrayList<>();
        for (int tables : tableCounts) {
            for (int partitions : partitionCounts) {
                LOG.info("scale point: {} partitions, {} tables, {} events", partitions, tables, events);
                Bench.Setup setup = Bench.prepare(stack, events, partitions, tables);
                // the JIT compiles the backlog producer's hot code now, not in chute's backlog
                JitClock.settle(JIT_QUIET_SHARE, Duration.ofSeconds(JIT_SETTLE_MAX_SECONDS));
                ChuteRun.Result result = new ChuteRun(setup, overrides, probes).run(timeout, live);
                System.gc(); // the floors, then the next point, start from a settled heap
                points.add(new Point(partitions, tables, result, ceiling(setup, result, timeout)));
                Bench.discard(stack, setup);
                System.gc();
            }
        }
        return points;
    }

    private ScaleCeiling.Result ceiling(Bench.Setup setup, ChuteRun.Result result, Duration timeout)
            throws InterruptedException {
        if (floorSpool == null) {
            return null;
        }
        long blocks = result.scale().backlogBlocks();
        if (blocks == 0) {
            return ScaleCeiling.Result.failed("the point counted no blocks");
        }
        LOG.info("scale point floors: Kafka Streams over {} partitions, inserts of {} rows", setup.partitions(),
                result.rows() / blocks);
        return ScaleCeiling.measure(setup, new ChuteConfig(ChuteRun.settings(setup, overrides)),
                events + result.liveEvents(), result.rows() / blocks, floorSpool, timeout);
    }

    /**
     * Without a warm-up the first point, every ratio's reference, ran on colder code than the points compared with
     * it (session 10); with one at the first partition count only, the larger points still paid their own first
     * compilations ({@link JitClock}). So it runs every partition count at the most tables, drops what it made, and
     * waits for the compile queue to drain (compiler threads under {@value #JIT_QUIET_SHARE} of a core, at most
     * {@value #JIT_SETTLE_MAX_SECONDS} s). Code that only a longer run makes hot still compiles in the points: the
     * first table prints that share.
     */
    private void warmUp(List<Integer> partitionCounts, int tables, Duration timeout) throws Exception {
        if (warmupEvents <= 0) {
            return;
        }
        Duration jitBefore = JitClock.cpu();
        for (int partitions : partitionCounts) {
            LOG.info("warm-up (not reported): {} partitions, {} tables, {} events", partitions, tables,
                    warmupEvents);
            Bench.Setup setup = Bench.prepare(stack, warmupEvents, partitions, tables);
            new ChuteRun(setup, overrides, ChuteRun.Probes.NONE).run(timeout,
                    new ChuteRun.Live(0, live.perSecond()));
            Bench.discard(stack, setup);
            System.gc();
        }
        Duration settled = JitClock.settle(JIT_QUIET_SHARE, Duration.ofSeconds(JIT_SETTLE_MAX_SECONDS));
        Duration jit = JitClock.cpu().minus(jitBefore);
        LOG.info("warm-up done: the JIT's compiler threads used {} ms of CPU, then settled in {} ms",
                jit.toMillis(), settled.toMillis());
        warmUpNote = String.format(Locale.ROOT, "Before the points: an unreported warm-up of %,d events at each of %s "
                + "partitions x %d table(s) (the JIT's compiler threads used %.1f CPU-s in it), then %.0f s until "
                + "they used less than %.0f %% of a core.", warmupEvents, partitionCounts, tables, secs(jit),
                secs(settled), JIT_QUIET_SHARE * 100);
    }

    /** What the warm-up did, for the report; empty when there was none. */
    String warmUpNote() {
        return warmUpNote;
    }

    /** This JVM's CPU per row over the backlog, and its JIT compiler threads' share of it. */
    private static String jvmCell(ChuteRun.Result r) {
        String jit = r.usage().jit().isNegative() ? "-"
                : String.format(Locale.ROOT, "%.2f", secs(r.usage().jit()) * 1e6 / r.rows());
        return String.format(Locale.ROOT, "%.2f (%s)", secs(r.usage().jvmCpu()) * 1e6 / r.rows(), jit);
    }

    static void print(PrintStream out, List<Point> points, long events, String clickHouseStorage) {
        out.println();
        out.printf(Locale.ROOT, "== chute scale series: %,d events per point, max heap %d MB, %s ==%n", events,
                Runtime.getRuntime().maxMemory() >> 20, clickHouseStorage);
        String row = "%10s %6s | %9s %6s | %9s %6s | %13s | %13s | %35s | %5s | %7s | %14s%n";
        out.printf(row, "partitions", "tables", "rows/s", "ratio", "warm r/s", "ratio", "us/row (JIT)",
                "CH + brk us/r", "mem peak/budget MB (heap;gc;full gc)", "fGCs", "txn/blk", "bp waits/early");
        for (Point p : points) {
            ChuteRun.Result r = p.result();
            Point base = base(points, p);
            ChuteRun.Scale s = r.scale();
            out.printf(Locale.ROOT, row, p.partitions(), p.tables(), String.format(Locale.ROOT, "%,.0f", rate(r)),
                    ratio(rate(r), rate(base.result())), String.format(Locale.ROOT, "%,.0f", warm(r)),
                    ratio(warm(r), warm(base.result())),
                    jvmCell(r), othersCell(r),
                    (s.memoryPeak() >> 20) + " / " + (s.memoryBudget() >> 20) + " (" + mb(s.heap().sampledPeakBytes())
                            + "; " + mb(s.heap().afterGcPeakBytes()) + "; " + mb(s.heap().afterFullGcPeakBytes()) + ")",
                    s.heap().forcedGcs(),
                    String.format(Locale.ROOT, "%.2f", s.allBlocks() == 0 ? 0.0
                            : (double) s.ledgerTransactions() / s.allBlocks()),
                    s.backpressureWaits() + " / " + s.earlyBlocks());
        }
        out.println();
        String lat = "%10s %6s | %14s | %14s | %8s %9s %9s | %10s %10s %5s | %8s | %17s | %8s%n";
        out.printf(lat, "partitions", "tables", "commit p50/p99", "insert p50/p99", "rows/blk", "blk/s/tbl",
                "CH parts/s",
                "live blk/s", "live parts", "bound", "linger s", "live e2e p50/p99", "hist p99");
        for (Point p : points) {
            ChuteRun.Result r = p.result();
            ChuteRun.Scale s = r.scale();
            ChuteRun.Parts parts = s.parts();
            boolean live = r.live() != null;
            out.printf(Locale.ROOT, lat, p.partitions(), p.tables(), cell(s.commitWait()), cell(s.insertLatency()),
                    s.backlogBlocks() == 0 ? "n/m" : String.format(Locale.ROOT, "%,d", r.rows() / s.backlogBlocks()),
                    perSecond(s.backlogBlocks() / secs(r.wallFromFirstRecord()) / s.tables()),
                    perSecond(parts.perSecondPerTable(parts.backlog(), r.wallFromFirstRecord())),
                    live ? perSecond(s.liveBlocksPerSecondPerTable()) : "-",
                    live ? perSecond(parts.perSecondPerTable(parts.live(), s.liveWall())) : "-",
                    String.format(Locale.ROOT, "%.1f", s.maxPerSecondPerTable()),
                    String.format(Locale.ROOT, "%.1f", s.grownLingerMillis() / 1000.0),
                    s.liveLanded() == null ? "-" : cell(s.liveLanded()), live ? histP99(r.live()) : "-");
        }
        if (points.stream().anyMatch(p -> p.result().scale().parts().unmeasured() != null)) {
            out.println("CH parts n/m (not measured): " + points.stream().map(p -> p.result().scale().parts().unmeasured())
                    .filter(Objects::nonNull).findFirst().orElseThrow());
        }
        out.println("rows/s: first record -> last row of the backlog, rows of all tables; warm: its second half; "
                + "ratio: to the first point of the same table count; us/row: this JVM's CPU over the backlog "
                + "(JIT: of which its compiler threads); "
                + "CH + brk: "
                + "ClickHouse's and the broker's CPU per row over the same span (merges of the point's parts, fetches, "
                + "ledger transactions); mem: "
                + "chute.memory.peak vs buffer.memory.bytes, heap: sampled JVM heap peak (garbage included), gc: "
                + "peak heap left after any GC (young GCs leave old garbage), full gc: peak heap left after a full "
                + "GC the bench forces every --scale-full-gc-seconds (what chute holds; these pauses cost a little "
                + "throughput), all over backlog and live phase; fGCs: full GCs forced; txn/blk: ledger transactions "
                + "per block; bp: backpressure waits / early blocks.");
        out.println("commit: chute.commit.wait, insert: chute.insert.latency (one block, ledger intent -> landed), "
                + "both over backlog and live phase (ms; upper bounds of 1 %-wide histogram buckets the bench adds "
                + "to these timers); rows/blk: backlog rows per block (all tables); blk/s/tbl: chute's blocks (INSERTs) per second per table over the "
                + "backlog; CH parts/s: parts ClickHouse created (system.parts block numbers) per second, busiest "
                + "table, over the backlog; live blk/s, live parts: the same in the paced live phase; bound: "
                + "insert.max.per.second.per.table; linger s: max(block.linger.ms, partitions / bound), the linger "
                + "of a table whose every partition's lane is open (grouped inserts: the commit interval); live e2e: "
                + "exact, the live phase's rows' landed_at (ClickHouse's now64(3) as it wrote the row) - ts (the "
                + "event's production time), all tables (ms); hist p99, for comparison only: chute.end.to.end."
                + "latency's p99 over the live phase, one sample per block (its last row, until acknowledged).");
        ScaleCeiling.print(out, points);
        new ScaleTargets(out).print(points);
    }

    /** ClickHouse's and the broker's CPU per row over the backlog, or n/m. */
    private static String othersCell(ChuteRun.Result r) {
        double ch = childMicrosPerRow(r, ResourceMeter.CLICKHOUSE);
        double broker = childMicrosPerRow(r, ResourceMeter.BROKER);
        return ch < 0 || broker < 0 ? "n/m" : String.format(Locale.ROOT, "%.2f + %.2f", ch, broker);
    }

    /**
     * Rows/s two cores could reach if the pipeline's own JVM cost nothing and ClickHouse, the broker and the registry
     * did what they did for this point (its parts and their merges, its fetches and ledger transactions): cores /
     * their CPU per row over the backlog; 0 when not measured.
     */
    static double room(ChuteRun.Result r) {
        double others = 0;
        for (String role : new String[] {ResourceMeter.CLICKHOUSE, ResourceMeter.BROKER, ResourceMeter.REGISTRY}) {
            double micros = childMicrosPerRow(r, role);
            if (micros < 0) {
                return 0;
            }
            others += micros;
        }
        return ResourceMeter.rowsPerSecondOnAllCores(others);
    }

    private static double childMicrosPerRow(ChuteRun.Result r, String role) {
        return ResourceMeter.microsPerRow(r.usage().childCpu().get(role), r.rows());
    }

    /** A percentile pair short enough for a table cell (the targets block says it in words). */
    private static String cell(LatencyPercentiles.Result r) {
        return r.samples() == 0 ? "no samples" : Double.isInfinite(r.p99Ms()) ? "beyond histogram" : r.format();
    }

    private static String histP99(LatencyPercentiles.Result r) {
        return r.samples() == 0 ? "n/m" : Double.isInfinite(r.p99Ms()) ? "beyond"
                : String.format(Locale.ROOT, "%.0f", r.p99Ms());
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/m" : Long.toString(bytes >> 20);
    }

    /** The first point of {@code p}'s table count: the one its ratios refer to. */
    static Point base(List<Point> points, Point p) {
        return points.stream().filter(q -> q.tables() == p.tables()).findFirst().orElseThrow();
    }

    /** Rows per second, first record -> last row of the backlog. */
    static double rate(ChuteRun.Result r) {
        return r.rows() / secs(r.wallFromFirstRecord());
    }

    private static double warm(ChuteRun.Result r) {
        return r.wallSecondHalf().isZero() ? 0 : (r.rows() - r.rows() / 2) / secs(r.wallSecondHalf());
    }

    private static String perSecond(double perSecond) {
        return perSecond < 0 ? "n/m" : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String ratio(double v, double base) {
        return base <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", v / base);
    }

    private static double secs(Duration d) {
        return Math.max(1e-9, d.toNanos() / 1e9);
    }
}
