package io.chute.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScaleTargetsTest {
    private static final double BOUND = 2.0;

    /** A point whose busiest table got {@code parts} parts in a live phase of {@code seconds}. */
    private static String liveParts(long parts, long seconds, int lanes, long grownLingerMillis) {
        LatencyPercentiles.Result some = new LatencyPercentiles.Result(1, 2, 10);
        ChuteRun.Parts counted = new ChuteRun.Parts(Map.of(), Map.of("events", parts), null);
        ChuteRun.Scale scale = new ChuteRun.Scale(1, some, some, 0, 0, 0, 0, 0, 0, 0, 0, counted,
                Duration.ofSeconds(seconds), null, some, grownLingerMillis, BOUND);
        ChuteRun.Result result = new ChuteRun.Result(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, null, 0, 0, 0, 0,
                0, some, some, some, 10_000 * seconds, 10_000, scale);
        return ScaleTargets.liveParts(result, scale, lanes);
    }

    @Test
    void shouldSayMetWhenTheRateIsAtMostTheBound() {
        String text = liveParts(600, 300, 4, 2000);

        assertTrue(text.contains("2.00 vs insert.max.per.second.per.table 2: met"), text);
        assertFalse(text.contains("edge-dominated"), text);
    }

    @Test
    void shouldSayWithinTheEdgeWhenTheExcessIsAtMostOneBlockPerLane() {
        String text = liveParts(23, 10, 4, 2000);

        assertTrue(text.contains("2.30 vs insert.max.per.second.per.table 2: above the bound by 0.300, within this "
                + "window's edge of 0.40 (one block per lane, 4 lanes over 10.0 s)"), text);
        assertTrue(text.contains("edge-dominated: the live phase, 10.0 s, is shorter than 20 s"), text);
        assertTrue(text.contains("--live-events >= 300,000"), text);
    }

    @Test
    void shouldSayNotMetWhenTheExcessIsLargerThanTheEdge() {
        String text = liveParts(300, 100, 4, 2000);

        assertTrue(text.contains("3.00 vs insert.max.per.second.per.table 2: not met"), text);
        assertFalse(text.contains("edge-dominated"), text);
    }

    @Test
    void shouldNeedTenBlocksPerLaneOfTheBoundWhenManyLanesShareIt() {
        String text = liveParts(60, 30, 64, 32_000);

        assertTrue(text.contains("is shorter than 320 s"), text);
    }

    @Test
    void shouldNeedTwoGrownLingersWhenTheyAreLongerThanTheEdgeWindow() {
        String text = liveParts(60, 30, 4, 60_000);

        assertTrue(text.contains("is shorter than 120 s"), text);
    }
}
