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

    @Test
    void shouldReportRateAndEtaWhenLagShrinks() {
        lag.set(100_000);
        progress.tick();
        in.addAndGet(50_000);
        lag.set(50_000);
        now.addAndGet(5_000);
        Optional<String> line = progress.tick();
        assertTrue(line.isPresent());
        assertTrue(line.get().contains("10,000 records/s"), line.get());
        assertTrue(line.get().contains(" 50%"), line.get());
        assertTrue(line.get().contains("ETA 0:05"), line.get());
        assertEquals(5.0, eta());
    }

    @Test
    void shouldStaySilentAndReportZeroWhenCaughtUp() {
        lag.set(0);
        assertEquals(Optional.empty(), progress.tick());
        assertEquals(0.0, eta());
    }

    @Test
    void shouldSayUnknownWhenNothingMoves() {
        lag.set(10);
        progress.tick();
        now.addAndGet(5_000);
        assertTrue(progress.tick().orElseThrow().contains("ETA unknown"));
        assertEquals(-1.0, eta());
    }

    @Test
    void shouldDrawAFullBarWhenAlmostDone() {
        assertEquals("catching up [####################] 100%  0 records behind  5 records/s  ETA 0:00",
                CatchUpProgress.line(0.4, 1_000, 5, 0));
    }
}
