package io.chute.ops;

import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.chute.metrics.ChuteMetrics;

/**
 * Progress while an instance catches up (after a replay, an outage or a restart): a bar against the largest lag seen
 * since the catch-up began, records/s and an ETA, as a log line per tick and the {@code chute.catch.up.eta.seconds}
 * gauge. Silent when there is no lag.
 */
public final class CatchUpProgress {
    private static final int BAR = 20;

    private final LongSupplier recordsIn;
    private final DoubleSupplier lag;
    private final LongSupplier clockMillis;
    private final ChuteMetrics metrics;
    private double maxLag;
    private long lastIn = -1;
    private long lastAt;

    public CatchUpProgress(LongSupplier recordsIn, DoubleSupplier lag, LongSupplier clockMillis, ChuteMetrics metrics) {
        this.recordsIn = recordsIn;
        this.lag = lag;
        this.clockMillis = clockMillis;
        this.metrics = metrics;
    }

    /** One measurement; returns the line to log while behind. */
    public synchronized Optional<String> tick() {
        long now = clockMillis.getAsLong();
        long in = recordsIn.getAsLong();
        double behind = Math.max(0, lag.getAsDouble());
        double rate = lastIn < 0 || now <= lastAt ? 0 : (in - lastIn) * 1000.0 / (now - lastAt);
        lastIn = in;
        lastAt = now;
        if (behind <= 0) {
            maxLag = 0;
            metrics.catchUpEta(0);
            return Optional.empty();
        }
        maxLag = Math.max(maxLag, behind);
        long eta = rate > 0 ? (long) Math.ceil(behind / rate) : -1;
        metrics.catchUpEta(eta);
        return Optional.of(line(behind, maxLag, rate, eta));
    }

    static String line(double behind, double maxLag, double rate, long etaSeconds) {
        double done = maxLag <= 0 ? 1 : 1 - behind / maxLag;
        int filled = (int) Math.round(done * BAR);
        String eta = etaSeconds < 0 ? "unknown" : String.format(Locale.ROOT, "%d:%02d", etaSeconds / 60,
                etaSeconds % 60);
        return String.format(Locale.ROOT, "catching up [%s%s] %3d%%  %,.0f records behind  %,.0f records/s  ETA %s",
                "#".repeat(filled), ".".repeat(BAR - filled), Math.round(done * 100), behind, rate, eta);
    }
}
