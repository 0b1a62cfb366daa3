package io.chute.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The benchmark command runs through on a small N, floors included. It asserts completeness and that the figures
 * exist and agree with each other, never speed.
 */
class BenchSmokeIT {
    private static final long EVENTS = 20_000;
    private static final long LIVE = 1_000;

    @Test
    void shouldLandEveryEventAndPrintFiguresWhenRunOnSmallBacklog() {
        BenchMain bench = new BenchMain();
        int exit = new CommandLine(bench).execute("--events", Long.toString(EVENTS), "--live-events",
                Long.toString(LIVE), "--live-rate", "1000", "--timeout-minutes", "5");

        assertEquals(0, exit);
        assertNotNull(bench.chuteResult());
        assertEquals(EVENTS, bench.chuteResult().rows());
        assertEquals(EVENTS + LIVE, bench.chuteResult().clickHouseRows(), "rows in the ClickHouse table");
        KafkaEngineRun.Result engine = bench.engineResult();
        assertTrue(engine.failure() != null || engine.rows() == EVENTS + LIVE,
                "the Kafka engine either lands the whole topic or says why not: " + engine);
        StreamsFloorRun.Result streamsFloor = bench.streamsFloorResult();
        assertNull(streamsFloor.failure(), "Kafka Streams floor");
        assertTrue(streamsFloor.records() >= EVENTS + LIVE, "records the Streams floor saw: " + streamsFloor);
        InsertFloorRun.Result insertFloor = bench.insertFloorResult();
        assertNull(insertFloor.failure(), "insert floor");
        assertEquals(2, insertFloor.passes().size(), "insert floor passes: " + insertFloor);
        for (InsertFloorRun.Pass pass : insertFloor.passes()) {
            assertNull(pass.failure(), "insert floor pass: " + pass);
            assertEquals(EVENTS + LIVE, pass.rows(), "rows in the insert floor's copy: " + pass);
        }
    }

    @Test
    void shouldLandEveryPointOfAScaleSeriesWhenRunAtSmokeSize() {
        BenchMain bench = new BenchMain();
        int exit = new CommandLine(bench).execute("--scale", "--events", "4000", "--scale-partitions", "2,8",
                "--scale-tables", "1,2", "--live-events", "500", "--live-rate", "1000", "--timeout-minutes", "5",
                "--scale-full-gc-seconds", "1", "--scale-warmup-events", "1000");

        assertEquals(0, exit);
        assertEquals(4, bench.scalePoints().size());
        assertTrue(bench.scaleWarmUpNote().contains("at each of [2, 8] partitions x 2 table(s)"),
                "the warm-up ran every partition count: " + bench.scaleWarmUpNote());
        for (ScaleSeries.Point point : bench.scalePoints()) {
            assertEquals((4000 + 500) * point.tables(), point.result().clickHouseRows(), "rows of " + point);
            assertTrue(point.result().scale().memoryPeak() > 0, "memory peak read from chute's metrics");
            assertPlausibleScaleFigures(point);
            ScaleCeiling.Result ceiling = point.ceiling();
            assertNotNull(ceiling, "floors measured at " + point);
            assertNull(ceiling.failure(), "floors of " + point);
            assertTrue(ceiling.ceilingRowsPerSecond(point.tables()) > 0, "a ceiling at " + point);
            assertTrue(ceiling.rowsPerBlock() > 0 && ceiling.rowsPerBlock() <= point.result().rows(),
                    "the insert floor's blocks are the point's: " + ceiling);
            assertTrue(ScaleSeries.room(point.result()) > 0, "ClickHouse's and the broker's CPU read at " + point);
            Duration jit = point.result().usage().jit();
            assertTrue(!jit.isNegative() && jit.compareTo(point.result().usage().jvmCpu()) <= 0,
                    "the JIT compiler threads' CPU read at " + point + ", within the JVM's: " + point.result().usage());
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ScaleSeries.print(new PrintStream(text, true, StandardCharsets.UTF_8), bench.scalePoints(), 4000,
                "ClickHouse data in tmpfs (/dev/shm/x)");
        String printed = text.toString(StandardCharsets.UTF_8);
        for (String column : new String[] {"ClickHouse data in tmpfs (/dev/shm/x)", "insert p50/p99", "commit p50/p99", "CH parts/s", "live parts", "bound",
                "linger s", "live e2e p50/p99", "hist p99", "(heap;gc;full gc)", "fGCs", "targets of issue 10", "chute/ceil.",
                "CH + brk us/r", "us/row (JIT)"}) {
            assertTrue(printed.contains(column), "printed column " + column + ":\n" + printed);
        }
        for (ScaleSeries.Point point : bench.scalePoints()) {
            String block = point.partitions() + " partitions x " + point.tables() + " table(s):";
            assertTrue(printed.contains(block), "targets of " + point + ":\n" + printed);
        }
        for (String target : new String[] {"commit wait p99", "heap vs budget", "live heap after a full GC",
                "live parts/s per table", "live e2e p99 vs linger", ": exact p99 "}) {
            assertEquals(bench.scalePoints().size(), printed.split(Pattern.quote(target), -1).length - 1,
                    "one '" + target + "' line per point:\n" + printed);
        }
        assertFalse(printed.contains("not measured (system.parts"), "ClickHouse's parts were read:\n" + printed);
    }

    /** Not a speed check: the new figures exist and agree with what chute and ClickHouse counted. */
    private static void assertPlausibleScaleFigures(ScaleSeries.Point point) {
        ChuteRun.Result r = point.result();
        ChuteRun.Scale s = r.scale();
        assertTrue(r.insertLatency().samples() > 0 && r.insertLatency().p50Ms() > 0
                && r.insertLatency().p99Ms() >= r.insertLatency().p50Ms(), "insert latency of " + point);
        ChuteRun.Parts parts = s.parts();
        assertNull(parts.unmeasured(), "parts of " + point);
        assertEquals(point.tables(), parts.backlog().size(), "parts per table of " + point);
        // every INSERT writes at least one part, and nothing else inserts into the run's database
        assertTrue(parts.total(parts.backlog()) >= s.backlogBlocks(), "backlog parts vs blocks of " + point);
        assertTrue(parts.total(parts.live()) >= s.allBlocks() - s.backlogBlocks(), "live parts of " + point);
        assertTrue(parts.perSecondPerTable(parts.live(), s.liveWall()) > 0, "live parts/s of " + point);
        assertTrue(s.grownLingerMillis() >= 1000 && s.maxPerSecondPerTable() > 0, "linger and bound of " + point);
        assertTrue(r.live() != null && r.live().samples() > 0, "live end-to-end latency of " + point);
        assertExactLiveLatency(point);
        assertTrue(s.insertLatency().samples() >= r.insertLatency().samples(),
                "insert latency over the whole point includes the backlog's, " + point);
        ChuteRun.Heap heap = s.heap();
        assertTrue(heap.sampledPeakBytes() > 0 && s.memoryBudget() > 0, "heap and budget of " + point);
        // chute's startup alone outlasts the 1 s between forced GCs; each one reports the heap it left
        assertTrue(heap.forcedGcs() > 0, "full GCs forced during " + point);
        assertTrue(heap.afterFullGcPeakBytes() > 0 && heap.afterFullGcPeakBytes() < Runtime.getRuntime().maxMemory(),
                "live heap after a full GC of " + point + ": " + heap);
    }

    /**
     * The exact figure rests on the live rows and only those (found by their ts), every one of which ClickHouse
     * stamped with landed_at; no row lands before it was produced, nor after the point's timeout.
     */
    private static void assertExactLiveLatency(ScaleSeries.Point point) {
        LatencyPercentiles.Result exact = point.result().scale().liveLanded();
        assertNotNull(exact, "exact live latency of " + point);
        assertEquals(500L * point.tables(), exact.samples(), "live rows found by their ts, " + point);
        assertTrue(exact.p50Ms() >= 0 && exact.p99Ms() >= exact.p50Ms() && exact.p99Ms() < 5 * 60_000,
                "exact live latency of " + point + ": " + exact);
    }
}
