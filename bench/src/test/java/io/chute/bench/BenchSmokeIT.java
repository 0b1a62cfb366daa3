package io.chute.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The benchmark command runs through on a small N, floors included. It asserts completeness only, never speed.
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
                "--scale-tables", "1,2", "--live-events", "500", "--live-rate", "1000", "--timeout-minutes", "5");

        assertEquals(0, exit);
        assertEquals(4, bench.scalePoints().size());
        for (ScaleSeries.Point point : bench.scalePoints()) {
            assertEquals((4000 + 500) * point.tables(), point.result().clickHouseRows(), "rows of " + point);
            assertTrue(point.result().scale().memoryPeak() > 0, "memory peak read from chute's metrics");
        }
    }
}
