package io.chute.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** One measured point. */
    record Point(int partitions, int tables, ChuteRun.Result result) {
    }

    private final LocalStack stack;
    private final long events;
    private final Map<String, String> overrides;
    private final ChuteRun.Live live;

    ScaleSeries(LocalStack stack, long events, Map<String, String> overrides, ChuteRun.Live live) {
        this.stack = stack;
        this.events = events;
        this.overrides = overrides;
        this.live = live;
    }

    List<Point> run(List<Integer> partitionCounts, List<Integer> tableCounts, Duration timeout) throws Exception {
        List<Point> points = new ArrayList<>();
        for (int tables : tableCounts) {
            for (int partitions : partitionCounts) {
                LOG.info("scale point: {} partitions, {} tables, {} events", partitions, tables, events);
                Bench.Setup setup = Bench.prepare(stack, events, partitions, tables);
                points.add(new Point(partitions, tables, new ChuteRun(setup, overrides).run(timeout, live)));
                System.gc(); // each point starts from a settled heap, so heap peaks compare
            }
        }
        return points;
    }

    static void print(PrintStream out, List<Point> points, long events) {
        String row = "%6s %6s | %9s %6s | %9s %6s | %7s | %15s | %17s | %9s %9s | %7s | %15s | %11s%n";
        out.println();
        out.printf(Locale.ROOT, "== chute scale series: %,d events per point, max heap %d MB ==%n", events,
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf(row, "parts", "tables", "rows/s", "ratio", "warm r/s", "ratio", "us/row", "commit p50/p99",
                "mem peak/budget MB", "blk/s/tbl", "live b/s/t", "txn/blk", "live e2e p50/p99", "bp waits/early");
        for (Point p : points) {
            ChuteRun.Result r = p.result();
            ChuteRun.Result base = points.stream().filter(q -> q.tables() == p.tables()).findFirst().orElseThrow()
                    .result();
            ChuteRun.Scale s = r.scale();
            double rate = r.rows() / secs(r.wallFromFirstRecord());
            double baseRate = base.rows() / secs(base.wallFromFirstRecord());
            double warm = r.wallSecondHalf().isZero() ? 0 : (r.rows() - r.rows() / 2) / secs(r.wallSecondHalf());
            double baseWarm = base.wallSecondHalf().isZero() ? 0
                    : (base.rows() - base.rows() / 2) / secs(base.wallSecondHalf());
            out.printf(Locale.ROOT, row, p.partitions(), p.tables(), String.format(Locale.ROOT, "%,.0f", rate),
                    ratio(rate, baseRate), String.format(Locale.ROOT, "%,.0f", warm), ratio(warm, baseWarm),
                    String.format(Locale.ROOT, "%.2f", secs(r.usage().jvmCpu()) * 1e6 / r.rows()),
                    ms(s.commitWait()),
                    (s.memoryPeak() >> 20) + " / " + (s.memoryBudget() >> 20) + " (heap "
                            + (r.usage().heapPeakBytes() >> 20) + ", live "
                            + (r.usage().liveHeapPeakBytes() >> 20) + ")",
                    String.format(Locale.ROOT, "%.1f", s.backlogBlocks() / secs(r.wallFromFirstRecord())
                            / s.tables()),
                    r.live() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.liveBlocksPerSecondPerTable()),
                    String.format(Locale.ROOT, "%.2f", s.allBlocks() == 0 ? 0.0
                            : (double) s.ledgerTransactions() / s.allBlocks()),
                    r.live() == null ? "-" : ms(r.live()), s.backpressureWaits() + " / " + s.earlyBlocks());
        }
        out.println("rows/s: first record -> last row of the backlog, rows of all tables; warm: its second half; "
                + "ratio: to the first point of the same table count; us/row: this JVM's CPU; commit: chute's "
                + "commit wait (ms); mem: chute.memory.peak vs buffer.memory.bytes, heap: sampled JVM heap peak "
                + "(garbage included), live: peak heap left after a GC (an upper bound of live data); "
                + "blk/s/tbl: blocks (INSERTs, each at least one part) per second per table over the backlog; "
                + "live b/s/t: the same during the paced live phase; txn/blk: ledger transactions per block; "
                + "live e2e: record timestamp -> landed in the live phase (ms); bp: backpressure waits / early "
                + "blocks.");
    }

    private static String ratio(double v, double base) {
        return base <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", v / base);
    }

    private static String ms(LatencyPercentiles.Result r) {
        return r.format();
    }

    private static double secs(Duration d) {
        return Math.max(1e-9, d.toNanos() / 1e9);
    }
}
