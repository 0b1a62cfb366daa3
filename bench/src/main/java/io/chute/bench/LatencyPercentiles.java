package io.chute.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * Percentiles of one of chute's timers, read from its percentile histogram (cumulative bucket counts). A percentile is
 * the upper bound of the bucket it falls in, so it is exact to the bucket width (Micrometer's buckets grow by about a
 * third each). {@link #since(Counts)} isolates the samples recorded after an earlier snapshot.
 */
final class LatencyPercentiles {
    /** Cumulative counts per bucket upper bound (ms); empty when the timer does not exist yet. */
    record Counts(double[] boundsMs, double[] cumulative, long samples) {
        static final Counts EMPTY = new Counts(new double[0], new double[0], 0);

        double count(int i) {
            return i < cumulative.length ? cumulative[i] : 0;
        }
    }

    /**
     * Percentiles in milliseconds (-1 without samples, +Infinity beyond the timer's last bucket) and how many samples
     * they rest on.
     */
    record Result(double p50Ms, double p99Ms, long samples) {
        /** "p50 / p99" in ms, naming what was not measured instead of printing Infinity. */
        String format() {
            if (samples == 0) {
                return "not measured (no samples)";
            }
            if (Double.isInfinite(p99Ms)) {
                return Double.isInfinite(p50Ms) ? "not measured (beyond the histogram)"
                        : String.format(Locale.ROOT, "%.0f / not measured (beyond the histogram)", p50Ms);
            }
            return String.format(Locale.ROOT, "%.0f / %.0f", p50Ms, p99Ms);
        }
    }

    private LatencyPercentiles() {
    }

    static Counts snapshot(MeterRegistry registry, String timerName) {
        Timer timer = registry.find(timerName).timer();
        if (timer == null) {
            return Counts.EMPTY;
        }
        HistogramSnapshot snap = timer.takeSnapshot();
        CountAtBucket[] buckets = snap.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = buckets[i].count();
        }
        return new Counts(bounds, counts, snap.count());
    }

    /** Percentiles of everything recorded so far. */
    static Result of(Counts now) {
        return since(Counts.EMPTY, now);
    }

    /** Percentiles of the samples recorded between {@code before} and {@code now} (same timer). */
    static Result since(Counts before, Counts now) {
        long samples = now.samples() - before.samples();
        if (samples <= 0 || now.boundsMs().length == 0) {
            return new Result(-1, -1, 0);
        }
        return new Result(percentile(before, now, samples, 0.50), percentile(before, now, samples, 0.99), samples);
    }

    private static double percentile(Counts before, Counts now, long samples, double q) {
        double wanted = Math.ceil(q * samples);
        for (int i = 0; i < now.boundsMs().length; i++) {
            if (now.count(i) - before.count(i) >= wanted) {
                return now.boundsMs()[i];
            }
        }
        return Double.POSITIVE_INFINITY; // beyond the last bucket
    }
}
