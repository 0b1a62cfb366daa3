package io.chute.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/** Percentiles read from chute's own timers, as the scale series reads them. */
class LatencyPercentilesTest {
    private static final String INSERT = ChuteMetric.INSERT_LATENCY.metricName();
    private static final String END_TO_END = ChuteMetric.END_TO_END_LATENCY.metricName();

    @Test
    void shouldReadPercentilesWithinOnePercentWhenFineBucketsAreAdded() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(LatencyPercentiles.fineBuckets(Set.of(INSERT)));
        land(new ChuteMetrics(registry));

        LatencyPercentiles.Result r = LatencyPercentiles.of(LatencyPercentiles.snapshot(registry, INSERT));

        assertEquals(2000, r.samples(), "two tables' timers count together");
        assertEquals(32_600, r.p99Ms(), 32_600 * 0.01, "p99 " + r);
        assertEquals(20_000, r.p50Ms(), 20_000 * 0.01, "p50 " + r);
    }

    @Test
    void shouldReadCoarseBucketBoundsWhenNoFineBucketsAreAdded() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(LatencyPercentiles.fineBuckets(Set.of(INSERT)));
        land(new ChuteMetrics(registry));

        LatencyPercentiles.Result r = LatencyPercentiles.of(LatencyPercentiles.snapshot(registry, END_TO_END));

        // the percentile histogram alone: 32.6 s falls in the bucket whose upper bound is 34.36 s
        assertEquals(34_359.7, r.p99Ms(), 1, "p99 " + r);
    }

    /** Per table, 989 blocks of 20 s and 11 of 32.6 s (insert latency and end to end alike): p50 20 s, p99 32.6 s. */
    private static void land(ChuteMetrics metrics) {
        for (String table : new String[] {"a", "b"}) {
            for (int i = 0; i < 1000; i++) {
                long millis = i < 989 ? 20_000 : 32_600;
                metrics.landed(table, 1, 100, millis * 1_000_000, millis);
            }
        }
    }
}
