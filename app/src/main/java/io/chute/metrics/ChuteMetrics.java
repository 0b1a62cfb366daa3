package io.chute.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.chute.block.MemoryBudget;
import io.chute.dlq.Reason;

/**
 * chute's meters over one {@link MeterRegistry}. Counters are looked up by name and tags (Micrometer caches them),
 * so hot paths should keep the returned {@link Counter} when the tags are fixed.
 */
public final class ChuteMetrics {
    private final MeterRegistry registry;
    private final AtomicLong bufferedRows = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong catchUpEta = new AtomicLong();
    /**
     * Every counter registered through {@link #counter}, by metric: {@link #total} sums these instead of searching
     * the registry, which also holds Kafka Streams' thousands of meters (a search per progress poll cost a core).
     */
    private final Map<ChuteMetric, Set<Counter>> counters = new EnumMap<>(ChuteMetric.class);
    private final MappingReport mapping;

    public ChuteMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ChuteMetric metric : ChuteMetric.values()) {
            counters.put(metric, ConcurrentHashMap.newKeySet());
        }
        registry.gauge(ChuteMetric.BUFFERED_ROWS.metricName(), bufferedRows);
        registry.gauge(ChuteMetric.BUFFERED_BYTES.metricName(), bufferedBytes);
        registry.gauge(ChuteMetric.CATCH_UP_ETA.metricName(), catchUpEta);
        mapping = new MappingReport(this);
    }

    /** Dropped fields and unmappable writer schemas of this process. */
    public MappingReport mapping() {
        return mapping;
    }

    public static ChuteMetrics inMemory() {
        return new ChuteMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Counter counter(ChuteMetric metric, String... tags) {
        Counter counter = Counter.builder(metric.metricName()).description(metric.doc()).tags(tags).register(registry);
        counters.get(metric).add(counter);
        return counter;
    }

    /** Publishes the instance's memory budget: used, peak and limit. */
    public void bindMemory(MemoryBudget budget) {
        gauge(ChuteMetric.MEMORY_USED, budget::used);
        gauge(ChuteMetric.MEMORY_PEAK, budget::peak);
        gauge(ChuteMetric.MEMORY_BUDGET, budget::hardLimit);
    }

    /** Publishes {@code value} as the gauge {@code metric}. */
    public void gauge(ChuteMetric metric, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(metric.metricName(), value).description(metric.doc())
                .register(registry);
    }

    public void deadLettered(Reason reason) {
        counter(ChuteMetric.RECORDS_DEAD_LETTERED, "reason", reason.code()).increment();
    }

    public void skippedLanded(String table, long rows) {
        counter(ChuteMetric.ROWS_SKIPPED_LANDED, "table", table).increment(rows);
    }

    public void buffered(long rowsDelta, long bytesDelta) {
        bufferedRows.addAndGet(rowsDelta);
        bufferedBytes.addAndGet(bytesDelta);
    }

    /**
     * A block landed. Distributions first, counters last: a reader that sees the rows counted (the bench waits for
     * them) also sees the block's latencies.
     */
    public void landed(String table, int rows, long bytes, long latencyNanos, long endToEndMillis) {
        summary(ChuteMetric.BLOCK_ROWS, table).record(rows);
        summary(ChuteMetric.BLOCK_BYTES, table).record(bytes);
        timer(ChuteMetric.INSERT_LATENCY, table).record(latencyNanos, TimeUnit.NANOSECONDS);
        if (endToEndMillis >= 0) {
            timer(ChuteMetric.END_TO_END_LATENCY, table).record(Duration.ofMillis(endToEndMillis));
        }
        counter(ChuteMetric.BYTES_INSERTED, "table", table).increment(bytes);
        counter(ChuteMetric.BLOCKS_INSERTED, "table", table).increment();
        counter(ChuteMetric.ROWS_INSERTED, "table", table).increment(rows);
    }

    public void catchUpEta(long seconds) {
        catchUpEta.set(seconds);
    }

    public void retried(String table, int code, int times) {
        counter(ChuteMetric.INSERT_RETRIES, "table", table, "code", Integer.toString(code)).increment(times);
    }

    /**
     * Sum of a counter over all its tag values registered through {@link #counter} (for tests, the benchmark and
     * progress output). Cheap enough to poll often.
     */
    public double total(ChuteMetric metric) {
        double sum = 0;
        for (Counter c : counters.get(metric)) {
            sum += c.count();
        }
        return sum;
    }

    private DistributionSummary summary(ChuteMetric metric, String table) {
        return DistributionSummary.builder(metric.metricName()).description(metric.doc()).tags("table", table)
                .publishPercentileHistogram().register(registry);
    }

    private Timer timer(ChuteMetric metric, String table) {
        Timer.Builder builder = Timer.builder(metric.metricName()).description(metric.doc()).tags("table", table)
                .publishPercentileHistogram();
        if (metric == ChuteMetric.END_TO_END_LATENCY) {
            // Micrometer's buckets end at 30 s; a backlog, or a linger grown with many lanes (issue 10: 128 s at
            // 256 partitions), lands later than that and would only show as +Inf
            builder.maximumExpectedValue(Duration.ofHours(1));
        }
        return builder.register(registry);
    }
}
