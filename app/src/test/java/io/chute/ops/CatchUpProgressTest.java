package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

class CatchUpProgressTest {
    private final AtomicLong in = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ChuteMetrics metrics = ChuteMetrics.inMemory();
    private final CatchUpProgress progress = new CatchUpProgress(in::get, lag::get, now::get, metrics);

    private double eta() {
        return metrics.registry().get(ChuteMetric.CATCH_UP_ETA.metricName()).gauge().value();
    }

    private Optional<String> after5s(long processed) {
        in.addAndGet(processed);
        lag.addAndGet(-processed);
        now.addAndGet(5_000);
        return progress.tick();
    }

    @Test
    void shouldReportRateAndEtaWhenLagShrinks() {
        lag.set(150_000);
        progress.tick();
        after5s(50_000);
        Optional<String> line = after5s(50_000);
        assertTrue(line.isPresent());
        assertTrue(line.get().contains("10,000 records/s"), line.get());
        assertTrue(line.get().contains(" 67%"), line.get());
        assertTrue(line.get().contains("ETA 0:05"), line.get());
        assertEquals(5.0, eta());
    }

    @Test
    void shouldPrintNoEtaWhenTheOnlyRateIsTheFirstIntervalWithProgress() {
        lag.set(1_656);
        assertEquals(Optional.empty(), progress.tick(), "no rate on the first tick");
        String line = after5s(12).orElseThrow(); // the interval processing began in: a rate far too low
        assertTrue(line.contains("ETA measuring"), line);
        assertEquals(-1.0, eta());
        assertTrue(after5s(1_000).orElseThrow().contains("ETA 0:04"));
    }

    @Test
    void shouldStaySilentAndReportZeroWhenCaughtUp() {
        lag.set(0);
        assertEquals(Optional.empty(), progress.tick());
        assertEquals(0.0, eta());
    }

    @Test
    void shouldSayUnknownWhenNothingMoves() {
        lag.set(10_000);
        progress.tick();
        after5s(100);
        after5s(100);
        assertTrue(after5s(0).orElseThrow().contains("ETA unknown"));
        assertEquals(-1.0, eta());
    }

    @Test
    void shouldDrawAFullBarWhenAlmostDone() {
        assertEquals("catching up [####################] 100%  0 records behind  5 records/s  ETA 0:00",
                CatchUpProgress.line(0.4, 1_000, 5, 0));
    }
}
