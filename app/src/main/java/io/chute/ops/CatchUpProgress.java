package io.chute.ops;

import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.chute.metrics.ChuteMetrics;

/**
 * Progress while an instance catches up (after a replay, an outage or a restart): a bar against the largest lag seen
 * since the catch-up began, records/s and an ETA, as a log line per tick and the {@code chute.catch.up.eta.seconds}
 * gauge. Silent when there is no lag, and on the first tick (no rate yet).
 *
 * <p>The ETA waits for a rate: the first interval in which records moved usually began before processing did
 * (start-up, rebalance, a ClickHouse outage ending), so its rate is too low and its ETA absurd ("0 records/s ETA
 * 690:24"). Only after two consecutive intervals with progress is the ETA printed ("ETA measuring" until then);
 * a later stall prints "ETA unknown".
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
    private double lastRate;
    private boolean measured;

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
        boolean first = lastIn < 0;
        double rate = first || now <= lastAt ? 0 : (in - lastIn) * 1000.0 / (now - lastAt);
        measured |= rate > 0 && lastRate > 0;
        lastIn = in;
        lastAt = now;
        lastRate = rate;
        if (behind <= 0) {
            maxLag = 0;
            measured = false;
            metrics.catchUpEta(0);
            return Optional.empty();
        }
        maxLag = Math.max(maxLag, behind);
        long eta = measured && rate > 0 ? (long) Math.ceil(behind / rate) : -1;
        metrics.catchUpEta(eta);
        return first ? Optional.empty() : Optional.of(line(behind, maxLag, rate, measured ? eta : MEASURING));
    }

    /** {@link #line}'s ETA while the rate is not yet measured. */
    static final long MEASURING = -2;

    static String line(double behind, double maxLag, double rate, long etaSeconds) {
        double done = maxLag <= 0 ? 1 : 1 - behind / maxLag;
        int filled = (int) Math.round(done * BAR);
        String eta = etaSeconds == MEASURING ? "measuring" : etaSeconds < 0 ? "unknown" : String.format(Locale.ROOT, "%d:%02d", etaSeconds / 60,
                etaSeconds % 60);
        return String.format(Locale.ROOT, "catching up [%s%s] %3d%%  %,.0f records behind  %,.0f records/s  ETA %s",
                "#".repeat(filled), ".".repeat(BAR - filled), Math.round(done * 100), behind, rate, eta);
    }
}
