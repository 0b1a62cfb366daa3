package io.chute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import io.chute.block.MemoryBudget;
import io.chute.dlq.Reason;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.ops.ConsumerLag;
import io.chute.topology.CommitBarrier;

/** The Grafana dashboard's structure, and that every metric its queries use is one chute (or its JVM) publishes. */
class DashboardJsonTest {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "irate",
            "increase", "histogram_quantile", "topk", "bottomk", "by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "abs", "clamp_min", "clamp_max", "delta");
    /** Metrics chute does not define but publishes (Micrometer binders) or that the stack exports (ClickHouse). */
    private static final List<String> FOREIGN_PREFIXES = List.of("kafka_", "jvm_", "process_", "system_",
            "ClickHouseMetrics_", "ClickHouseAsyncMetrics_", "ClickHouseProfileEvents_");

    private final JsonNode dashboard = readDashboard();

    private static JsonNode readDashboard() {
        try {
            return new ObjectMapper().readTree(ComposeFileTest.DOCKER.resolve("grafana/dashboards/chute.json").toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Metric names in a PromQL expression: label matchers, ranges, strings and grouping clauses removed. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "").replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String rest = bare.substring(m.end()).stripLeading();
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!rest.startsWith("(") && !PROMQL_WORDS.contains(m.group()) && !number) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** Every series name chute's own meters produce in Prometheus format, from a real registry. */
    static Set<String> publishedChuteNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChuteMetrics metrics = new ChuteMetrics(registry);
        for (ChuteMetric counter : List.of(ChuteMetric.RECORDS_IN, ChuteMetric.RECORDS_VALID,
                ChuteMetric.RECORDS_DIRECT, ChuteMetric.COMMITS, ChuteMetric.BLOCKS_RECOVERED,
                ChuteMetric.REGISTRY_WAITS, ChuteMetric.BLOCKS_SUBMITTED_EARLY, ChuteMetric.BACKPRESSURE_WAITS,
                ChuteMetric.BACKPRESSURE_WAIT_MILLIS, ChuteMetric.LEDGER_TRANSACTIONS,
                ChuteMetric.LEDGER_LANDED_BY_COMMIT, ChuteMetric.PARTITION_PAUSES_MEMORY, ChuteMetric.GROUPS_INSERTED,
                ChuteMetric.GROUP_LANES)) {
            metrics.counter(counter).increment();
        }
        metrics.gauge(ChuteMetric.PARTITIONS_PAUSED_MEMORY, () -> 0); // as CommitHookClientSupplier.of binds it
        metrics.bindMemory(new MemoryBudget(1024));
        new CommitBarrier(metrics).beforeCommit();
        metrics.deadLettered(Reason.DECODE_FAILED);
        metrics.skippedLanded("events", 1);
        metrics.buffered(1, 10);
        metrics.landed("events", 10, 100, 1_000_000, 5);
        metrics.retried("events", 252, 1);
        metrics.mapping().dropped("events", 1, "Event", List.of("extra"), "no column");
        MetricName lag = new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("topic", "events", "partition", "0", "client-id", "c-consumer"));
        Metric lagMetric = new Metric() {
            @Override
            public MetricName metricName() {
                return lag;
            }

            @Override
            public Object metricValue() {
                return 3.0;
            }
        };
        ConsumerLag consumerLag = new ConsumerLag(() -> Map.of(lag, lagMetric), Set.of("events"));
        consumerLag.bindTo(registry);
        consumerLag.refresh();
        Set<String> names = new HashSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]")[0]);
            }
        }
        return names;
    }

    @Test
    void shouldHaveTheRequiredFieldsWhenTheDashboardIsRead() {
        assertFalse(dashboard.path("title").asText().isEmpty(), "title");
        assertFalse(dashboard.path("uid").asText().isEmpty(), "uid");
        assertTrue(dashboard.path("schemaVersion").isInt(), "schemaVersion");
        assertTrue(dashboard.path("panels").size() > 0, "panels");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(panel.path("id").isInt() && ids.add(panel.path("id").asInt()), "unique id: " + title);
            assertFalse(panel.path("type").asText().isEmpty(), "type: " + title);
            assertFalse(title.isEmpty(), "title");
            assertTrue(panel.path("targets").size() > 0, "targets: " + title);
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("expr").asText().isBlank(), "expr: " + title);
            }
        }
    }

    @Test
    void shouldOnlyQueryPublishedMetricsWhenPanelsUseChuteNames() {
        Set<String> published = publishedChuteNames();
        List<String> unknown = new ArrayList<>();
        for (String name : dashboardMetrics()) {
            boolean foreign = FOREIGN_PREFIXES.stream().anyMatch(name::startsWith);
            if (!foreign && !published.contains(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "published: " + published);
    }

    @Test
    void shouldCoverEveryChuteMetricWhenTheRegistryIsScraped() {
        Set<String> published = publishedChuteNames();
        for (ChuteMetric metric : ChuteMetric.values()) {
            String base = metric.metricName().replace('.', '_');
            assertTrue(published.stream().anyMatch(n -> n.startsWith(base)), "published: " + metric);
        }
        published.stream().filter(n -> n.startsWith("chute_")).forEach(n -> assertTrue(
                List.of(ChuteMetric.values()).stream().anyMatch(m -> n.startsWith(m.metricName().replace('.', '_'))),
                "enum entry for " + n));
    }

    @Test
    void shouldShowThroughputLagDeadLettersBlocksLatencyAndPartsWhenTheDashboardIsRead() {
        Set<String> used = dashboardMetrics();
        for (String required : List.of("chute_records_in_total", "chute_rows_inserted_total", "chute_consumer_lag",
                "chute_records_dead_lettered_total", "chute_block_rows_bucket", "chute_block_bytes_bucket",
                "chute_insert_latency_seconds_bucket", "ClickHouseAsyncMetrics_MaxPartCountForPartition")) {
            assertTrue(used.contains(required), required);
        }
    }

    @Test
    void shouldExtractMetricNamesWhenExpressionsHaveFunctionsLabelsAndRanges() {
        assertEquals(Set.of("chute_block_rows_bucket"), metricNames(
                "histogram_quantile(0.99, sum by (le, table) (rate(chute_block_rows_bucket{table=\"x\"}[5m])))"));
        assertEquals(Set.of("a_total", "b"), metricNames("sum(rate(a_total[1m])) / sum without (x) (b)"));
    }

    private Set<String> dashboardMetrics() {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.addAll(metricNames(target.path("expr").asText()));
            }
        }
        return out;
    }
}
