package io.chute.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** The figures table printed at the end of a run. Blank cells mean "not measured for this side". */
final class BenchReport {
    private static final String ROW = "%-50s | %26s | %24s%n";
    private final PrintStream out;

    BenchReport(PrintStream out) {
        this.out = out;
    }

    void print(Bench.Setup setup, ChuteRun.Result chute, KafkaEngineRun.Result engine) {
        long n = chute.rows(); // events x tables (routes fan each record out to every table)
        double mb = setup.loaded().valueBytes() / 1e6;
        out.println();
        out.println("== chute benchmark ==");
        out.printf(Locale.ROOT, "environment: %d cores, JDK %s (%s), max heap %d MB, %s %s, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("os.name"), System.getProperty("os.arch"), setup.clickHouseStorage());
        out.printf(Locale.ROOT, "input: N = %,d events, %d partitions, %.1f MB Avro (Confluent framing included, "
                        + "%.0f B/event); produced in %.1f s (%,.0f events/s, not part of any figure); %d table(s)%n",
                setup.events(), setup.partitions(), mb, (double) setup.loaded().valueBytes() / setup.events(),
                secs(setup.loaded().elapsed()), setup.events() / secs(setup.loaded().elapsed()),
                setup.tables().size());
        out.println();
        out.printf(ROW, "figure", "chute", "ClickHouse Kafka engine");
        out.printf(ROW, "-".repeat(50), "-".repeat(26), "-".repeat(24));
        boolean engineOk = engine.failure() == null;
        // the engine's rows become visible per flush; a window under a second means it all came in one flush
        boolean engineSteady = engineOk && secs(engine.wallFromFirstRow()) >= 1;
        long m = engine.rows();
        double engineMb = mb * m / n; // the live phase's events have the backlog's size distribution
        row("rows landed (chute: backlog + live phase)", count(chute.clickHouseRows()), count(m));
        row("rows measured (chute: the backlog)", count(n), count(m));
        row("wall: start -> all rows landed (s)", fixed(secs(chute.wallFromStart()), 2),
                engineOk ? fixed(secs(engine.wallFromStart()), 2) : "");
        row("rows/s: start -> all rows landed", rate(n, chute.wallFromStart()),
                engineOk ? rate(m, engine.wallFromStart()) : "");
        row("MB/s Avro: start -> all rows landed", fixed(mb / secs(chute.wallFromStart()), 1),
                engineOk ? fixed(engineMb / secs(engine.wallFromStart()), 1) : "");
        row("wall: first record -> last row landed (s)", fixed(secs(chute.wallFromFirstRecord()), 2),
                engineOk ? fixed(secs(engine.wallFromFirstRow()), 2) + " (1st row seen)" : "");
        row("rows/s: first record -> last row landed", rate(n, chute.wallFromFirstRecord()),
                engineSteady ? rate(m, engine.wallFromFirstRow()) : engineOk ? "n/a (one flush)" : "");
        row("MB/s Avro: first record -> last row landed", fixed(mb / secs(chute.wallFromFirstRecord()), 1),
                engineSteady ? fixed(engineMb / secs(engine.wallFromFirstRow()), 1) : "");
        row("rows/s: second half of the backlog (JIT warm)**", chute.wallSecondHalf().isZero() ? "n/a"
                : rate(n - n / 2, chute.wallSecondHalf()), "");
        cpu(n, m, chute.usage(), engine.usage());
        row("inserts (= blocks landed)", count(chute.blocks()), "");
        row("rows per block (mean)", count(chute.blocks() == 0 ? 0 : n / chute.blocks()), "");
        row("offset commits", count(chute.commits()), "");
        row("commit wait p50 / p99 (ms)", latency(chute.scale().commitWait()), "");
        row("chute memory peak / budget (MB)", mbOf(chute.scale().memoryPeak()) + " / "
                + mbOf(chute.scale().memoryBudget()), "");
        row("ledger transactions per block", fixed(chute.scale().allBlocks() == 0 ? 0
                : (double) chute.scale().ledgerTransactions() / chute.scale().allBlocks(), 2), "");
        row("dead-lettered records", count(chute.deadLettered()), "");
        row("records encoded on the fast path", count(chute.direct()), "");
        row("end-to-end latency p50 / p99, backlog (ms)*", latency(chute.backlogEndToEnd()), "");
        row("insert latency p50 / p99, intent->landed (ms)", latency(chute.insertLatency()), "");
        if (chute.live() != null) {
            row(String.format(Locale.ROOT, "end-to-end latency p50 / p99, live %,d/s (ms)", chute.liveRate()),
                    latency(chute.live()), "");
        }
        memory(chute.usage());
        out.println();
        out.println("* backlog latency = record timestamp (when produced) -> insert acknowledged, per block's last "
                + "row: mostly the time the record waited in the pre-produced backlog.");
        out.println("** second half = the last N/2 rows landed (from the moment half of the backlog had landed): "
                + "the rate once the JIT compiler has compiled the hot path, as a long-running instance sees it.");
        if (engineOk) {
            double ratio = (n / secs(chute.wallFromStart())) / (m / secs(engine.wallFromStart()));
            out.printf(Locale.ROOT, "ratio chute / Kafka engine (rows/s, start -> all rows landed): %.2f; "
                    + "Kafka engine consumers: %d%n", ratio, engine.consumers());
        } else {
            out.println("ClickHouse Kafka engine: no figure, because: " + engine.failure());
        }
    }

    private void memory(ResourceMeter.Usage usage) {
        row("peak RSS of this JVM (MB)", mbOf(usage.peakRssKb() * 1024)
                + (usage.rssPeakIsPhaseOnly() ? "" : " (whole run)"), "");
        row("peak heap used, sampled every 20 ms (MB)", mbOf(usage.heapPeakBytes()), "");
        row("peak heap left after a GC (MB; old garbage kept until a mixed GC)", mbOf(usage.liveHeapPeakBytes()),
                "");
    }

    private void cpu(long n, long m, ResourceMeter.Usage chute, ResourceMeter.Usage engine) {
        row("CPU: this JVM (chute) (s)", fixed(secs(chute.jvmCpu()), 1), "");
        for (String role : new String[] {ResourceMeter.BROKER, ResourceMeter.REGISTRY, ResourceMeter.CLICKHOUSE}) {
            row("CPU: " + role + " process (s)", cpuOf(chute, role), engine == null ? "" : cpuOf(engine, role));
        }
        row("CPU per row: this JVM (us)", fixed(secs(chute.jvmCpu()) * 1e6 / n, 2), "");
        row("CPU per row: all processes (us)", fixed(total(chute, true) * 1e6 / n, 2),
                engine == null || m == 0 ? "" : fixed(total(engine, false) * 1e6 / m, 2));
    }

    private static double total(ResourceMeter.Usage usage, boolean withJvm) {
        double sum = withJvm ? secs(usage.jvmCpu()) : 0;
        for (Duration d : usage.childCpu().values()) {
            sum += d.isNegative() ? 0 : secs(d);
        }
        return sum;
    }

    private static String cpuOf(ResourceMeter.Usage usage, String role) {
        Duration d = usage.childCpu().get(role);
        return d == null || d.isNegative() ? "n/a" : fixed(secs(d), 1);
    }

    private void row(String name, String chute, String engine) {
        out.printf(ROW, name, chute, engine);
    }

    private static String latency(LatencyPercentiles.Result r) {
        return r.samples() == 0 ? r.format() : r.format() + " (" + r.samples() + " blocks)";
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String rate(long n, Duration d) {
        return count(Math.round(n / secs(d)));
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String mbOf(long bytes) {
        return bytes < 0 ? "n/a" : fixed(bytes / 1048576.0, 0);
    }
}
