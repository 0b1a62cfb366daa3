package io.chute.topology;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;

import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

/** The counters one task's {@link IngestProcessor} moves per record, looked up once. Stream-thread confined. */
final class IngestCounters {
    private final ChuteMetrics metrics;
    final Counter in;
    final Counter valid;
    final Counter direct;
    final Counter commits;
    /** Per table; a replay skips every row, so the meter lookup must not be per row. */
    private final Map<String, Counter> skippedLanded = new HashMap<>();

    IngestCounters(ChuteMetrics metrics) {
        this.metrics = metrics;
        this.in = metrics.counter(ChuteMetric.RECORDS_IN);
        this.valid = metrics.counter(ChuteMetric.RECORDS_VALID);
        this.direct = metrics.counter(ChuteMetric.RECORDS_DIRECT);
        this.commits = metrics.counter(ChuteMetric.COMMITS);
    }

    void skippedLanded(String table) {
        skippedLanded.computeIfAbsent(table, t -> metrics.counter(ChuteMetric.ROWS_SKIPPED_LANDED, "table", t))
                .increment();
    }
}
