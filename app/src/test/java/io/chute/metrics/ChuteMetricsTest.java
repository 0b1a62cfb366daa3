package io.chute.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.chute.dlq.Reason;

class ChuteMetricsTest {
    @Test
    void shouldSumEveryTagWhenTotallingACounter() {
        ChuteMetrics metrics = new ChuteMetrics(new SimpleMeterRegistry());
        metrics.deadLettered(Reason.DECODE_FAILED);
        metrics.deadLettered(Reason.DECODE_FAILED);
        metrics.deadLettered(Reason.RULE_VIOLATION);
        metrics.landed("a", 10, 100, 1, -1);
        metrics.landed("b", 5, 50, 1, -1);
        assertEquals(3.0, metrics.total(ChuteMetric.RECORDS_DEAD_LETTERED));
        assertEquals(15.0, metrics.total(ChuteMetric.ROWS_INSERTED));
        assertEquals(2.0, metrics.total(ChuteMetric.BLOCKS_INSERTED));
    }

    @Test
    void shouldReturnZeroWhenACounterWasNeverRegistered() {
        ChuteMetrics metrics = new ChuteMetrics(new SimpleMeterRegistry());
        assertEquals(0.0, metrics.total(ChuteMetric.INSERT_RETRIES));
    }

    @Test
    void shouldCountTheSameCounterOnceWhenLookedUpRepeatedly() {
        ChuteMetrics metrics = new ChuteMetrics(new SimpleMeterRegistry());
        metrics.counter(ChuteMetric.RECORDS_IN).increment(4);
        metrics.counter(ChuteMetric.RECORDS_IN).increment(1);
        assertEquals(5.0, metrics.total(ChuteMetric.RECORDS_IN));
    }
}
