package io.chute.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Issue 10's targets, each with the point's measured figure and "met" / "not met": printed text, never an assertion
 * (the figures depend on the machine and on what else runs on it). The throughput ratios are stated at 64 and 256
 * partitions only; every other target is evaluated at every point.
 */
final class ScaleTargets {
    private static final long HEAP_SLACK = 64L << 20;

    private final PrintStream out;

    ScaleTargets(PrintStream out) {
        this.out = out;
    }

    void print(List<ScaleSeries.Point> points) {
        out.println();
        out.println("targets of issue 10 (figures, not assertions; every point above completed, no "
                + "OutOfMemoryError):");
        for (ScaleSeries.Point p : points) {
            ScaleSeries.Point base = ScaleSeries.base(points, p);
            ChuteRun.Result r = p.result();
            ChuteRun.Scale s = r.scale();
            out.printf(Locale.ROOT, "%d partitions x %d table(s):%n", p.partitions(), p.tables());
            out.println("  " + throughput(p, base));
            out.println("  " + heap(s));
            out.println("  " + commit(s.commitWait(), s.insertLatency()));
            out.println("  " + liveParts(r, s, p.partitions()));
            out.println("  " + liveLatency(r, s));
        }
    }

    private static String throughput(ScaleSeries.Point p, ScaleSeries.Point base) {
        double ratio = ScaleSeries.rate(p.result()) / ScaleSeries.rate(base.result());
        String figure = String.format(Locale.ROOT, "rows/s %,.0f = %.2fx the %d-partition point",
                ScaleSeries.rate(p.result()), ratio, base.partitions());
        if (p == base) {
            return "rows/s: the reference point of " + p.tables() + " table(s)";
        }
        double target = p.partitions() == 64 ? 0.8 : p.partitions() == 256 ? 0.6 : -1;
        if (target < 0 || base.partitions() != 4) {
            return figure + " (no target: issue 10 states 0.8x at 64 and 0.6x at 256 partitions vs 4)";
        }
        return String.format(Locale.ROOT, "%s, target >= %.1fx: %s%s%s%s", figure, target, verdict(ratio >= target),
                blockContext(p), p.ceiling() == null || p.ceiling().failure() != null ? ""
                        : "; this machine's floors allow at most " + ScaleCeiling.ratio(List.of(base, p), p),
                room(p, base));
    }

    /**
     * What the other processes' work at this point leaves: their CPU per row (ClickHouse's merges of these parts
     * included, which the insert floor, over its inserts' wall, mostly leaves out) caps rows/s even at no chute CPU.
     */
    private static String room(ScaleSeries.Point p, ScaleSeries.Point base) {
        double room = ScaleSeries.room(p.result());
        return room <= 0 ? "" : String.format(Locale.ROOT, "; ClickHouse, broker and registry alone, doing this "
                + "point's work, leave room for %,.0f rows/s = %.2fx the reference's rows/s even if chute's JVM cost "
                + "no CPU", room, room / ScaleSeries.rate(base.result()));
    }

    /**
     * How large blocks could be and were: a partition's backlog bounds its blocks (one INSERT per block), and at many
     * lanes ClickHouse's cost per INSERT, not per row, sets the pace.
     */
    private static String blockContext(ScaleSeries.Point p) {
        ChuteRun.Result r = p.result();
        long perLane = r.rows() / p.tables() / p.partitions();
        long blocks = r.scale().backlogBlocks();
        return String.format(Locale.ROOT, " (%,d rows per lane in the backlog, the most one block can hold; %s rows "
                + "per block on average)", perLane, blocks == 0 ? "n/m" : String.format(Locale.ROOT, "%,d",
                r.rows() / blocks));
    }

    private static String heap(ChuteRun.Scale s) {
        if (s.memoryBudget() < 0) {
            return "heap vs budget + 64 MB: not measured (no chute.memory.budget.bytes gauge)";
        }
        long limit = s.memoryBudget() + HEAP_SLACK;
        ChuteRun.Heap heap = s.heap();
        String figure = String.format(Locale.ROOT, "heap vs budget %d MB + 64 MB = %d MB: live heap after a full GC "
                + "(%d forced)", mb(s.memoryBudget()), mb(limit), heap.forcedGcs());
        String others = String.format(Locale.ROOT, " (for comparison, garbage included: sampled peak %d MB, after "
                + "any GC %s)", mb(heap.sampledPeakBytes()),
                heap.afterGcPeakBytes() < 0 ? "n/m" : mb(heap.afterGcPeakBytes()) + " MB");
        if (heap.afterFullGcPeakBytes() < 0) {
            return figure + ": not measured (no full GC forced: --scale-full-gc-seconds 0 or a point shorter than "
                    + "it)" + others;
        }
        return String.format(Locale.ROOT, "%s %d MB: %s%s", figure, mb(heap.afterFullGcPeakBytes()),
                verdict(heap.afterFullGcPeakBytes() <= limit), others);
    }

    private static String commit(LatencyPercentiles.Result commit, LatencyPercentiles.Result insert) {
        String figure = "commit wait p99 " + ms(commit.p99Ms(), commit.samples()) + " vs 2 x insert latency p99 "
                + ms(insert.p99Ms(), insert.samples()) + " (backlog and live phase, 1 %-wide bucket bounds)";
        if (!measured(commit) || !measured(insert)) {
            return figure + ": not measured (" + (commit.samples() == 0 ? "no commit during the point; "
                    : "") + "issue 10 states it at 64 partitions)";
        }
        return String.format(Locale.ROOT, "%s = %.0f ms: %s (issue 10 states it at 64 partitions)", figure,
                2 * insert.p99Ms(), verdict(commit.p99Ms() <= 2 * insert.p99Ms()));
    }

    /**
     * Parts per second of the busiest table over the live phase. The count over a window of T seconds can hold one
     * block per lane more than the steady rate (a lane's first block and the backlog's last fall inside the window),
     * so a figure above the bound by at most lanes / T is said to be within the window's edge, not a steady excess.
     */
    static String liveParts(ChuteRun.Result r, ChuteRun.Scale s, int lanesPerTable) {
        String bound = "insert.max.per.second.per.table " + number(s.maxPerSecondPerTable());
        if (r.live() == null) {
            return "live parts/s per table vs " + bound + ": not measured (no live phase)";
        }
        double parts = s.parts().perSecondPerTable(s.parts().live(), s.liveWall());
        if (parts < 0) {
            return "live parts/s per table vs " + bound + ": not measured (" + s.parts().unmeasured() + ")";
        }
        double seconds = s.liveWall().toMillis() / 1000.0;
        double edge = lanesPerTable / seconds;
        String verdict = parts <= s.maxPerSecondPerTable() ? "met"
                : parts <= s.maxPerSecondPerTable() + edge ? String.format(Locale.ROOT, "above the bound by %.3f, "
                        + "within this window's edge of %.2f (one block per lane, %d lanes over %.1f s)",
                        parts - s.maxPerSecondPerTable(), edge, lanesPerTable, seconds)
                : "not met";
        String figure = String.format(Locale.ROOT, "live parts/s per table (busiest table, %,d events/s) %.2f vs %s: %s",
                r.liveRate(), parts, bound, verdict);
        long steadyMillis = Math.max(2 * s.grownLingerMillis(),
                (long) Math.ceil(10_000.0 * lanesPerTable / s.maxPerSecondPerTable()));
        if (s.liveWall().toMillis() >= steadyMillis) {
            return figure;
        }
        return String.format(Locale.ROOT, "%s (edge-dominated: the live phase, %.1f s, is shorter than %.0f s, the "
                + "longer of two lingers and the window in which one extra block per lane is a tenth of the "
                + "bound; it counts each lane's first, staggered block and the backlog's last; a steady figure needs "
                + "--live-events >= %,d at this rate)", figure, seconds, steadyMillis / 1000.0,
                (long) Math.ceil(r.liveRate() * 1.5 * steadyMillis / 1000.0));
    }

    private static String liveLatency(ChuteRun.Result r, ChuteRun.Scale s) {
        long limit = s.grownLingerMillis() + 1000;
        String figure = String.format(Locale.ROOT, "live e2e p99 vs linger %,d ms + 1 s = %,d ms",
                s.grownLingerMillis(), limit);
        if (r.live() == null) {
            return figure + ": not measured (no live phase)";
        }
        LatencyPercentiles.Result exact = s.liveLanded();
        if (exact == null || exact.samples() == 0) {
            return figure + ": not measured (no landed_at figure; see the log)";
        }
        return String.format(Locale.ROOT, "%s: exact p99 %,.0f ms over %,d rows: %s", figure, exact.p99Ms(),
                exact.samples(), verdict(exact.p99Ms() <= limit));
    }

    private static boolean measured(LatencyPercentiles.Result r) {
        return r.samples() > 0 && !Double.isInfinite(r.p99Ms());
    }

    private static String ms(double v, long samples) {
        return samples == 0 ? "(no samples)" : Double.isInfinite(v) ? "(beyond the histogram)"
                : String.format(Locale.ROOT, "%,.0f ms", v);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }
}
