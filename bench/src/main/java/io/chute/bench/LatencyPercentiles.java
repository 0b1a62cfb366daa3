package io.chute.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * Percentiles of one of chute's timers, read from its percentile histogram (cumulative bucket counts). A percentile is
 * the upper bound of the bucket it falls in, so it is exact to the bucket width (Micrometer's buckets grow by about a
 * third each). Timers of one name with several tags (tables, threads) count together. {@link #since(Counts)}
 * isolates the samples recorded after an earlier snapshot.
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

    /** Bounds of {@link #fineBuckets}: each 1 % above the last, from 1 ms to 10 minutes. */
    private static final double[] FINE_BOUNDS_NANOS = fineBounds(1.01, 1e6, 600e9);

    private LatencyPercentiles() {
    }

    /**
     * A filter giving the timers of {@code names}, registered after it is added, a bucket bound every 1 % (1 ms to
     * 10 min) on top of their percentile histogram, so a percentile read here is its bucket's upper bound, at most
     * 1 % above the true one (instead of ~ a third). Costs a binary search per recorded sample and ~10 KB per timer.
     */
    static MeterFilter fineBuckets(Set<String> names) {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!names.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(FINE_BOUNDS_NANOS).build()
                        .merge(config);
            }
        };
    }

    private static double[] fineBounds(double factor, double from, double to) {
        int n = (int) Math.ceil(Math.log(to / from) / Math.log(factor)) + 1;
        double[] bounds = new double[n];
        for (int i = 0; i < n; i++) {
            bounds[i] = Math.rint(from * Math.pow(factor, i));
        }
        return bounds;
    }

    /**
     * The cumulative counts of every timer of that name summed (one per table, or per stream thread: the same
     * buckets, since each is built alike).
     */
    static Counts snapshot(MeterRegistry registry, String timerName) {
        Collection<Timer> timers = registry.find(timerName).timers();
        if (timers.isEmpty()) {
            return Counts.EMPTY;
        }
        TreeMap<Double, Double> byBound = new TreeMap<>();
        long samples = 0;
        for (Timer timer : timers) {
            HistogramSnapshot snap = timer.takeSnapshot();
            for (CountAtBucket bucket : snap.histogramCounts()) {
                byBound.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
            samples += snap.count();
        }
        double[] bounds = new double[byBound.size()];
        double[] counts = new double[byBound.size()];
        int i = 0;
        for (Map.Entry<Double, Double> e : byBound.entrySet()) {
            bounds[i] = e.getKey();
            counts[i++] = e.getValue();
        }
        return new Counts(bounds, counts, samples);
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
