package io.chute.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

import io.chute.metrics.ChuteMetric;

/**
 * Consumer lag per assigned source partition, read from the Kafka consumers' own {@code records-lag} metric
 * (group {@code consumer-fetch-manager-metrics}, tags topic and partition) of the main consumers of every stream
 * thread. Published as {@link ChuteMetric#CONSUMER_LAG}; the rows follow assignment on every {@link #refresh()}
 * (Micrometer's Kafka binder only discovers new partitions once a minute).
 */
public final class ConsumerLag {
    static final String LAG = "records-lag";
    static final String GROUP = "consumer-fetch-manager-metrics";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Set<String> topics;
    private MultiGauge gauge;

    /** @param topics the source topics (other topics' lag, e.g. a restore consumer's, is ignored) */
    public ConsumerLag(Supplier<Map<MetricName, ? extends Metric>> metrics, Set<String> topics) {
        this.metrics = metrics;
        this.topics = Set.copyOf(topics);
    }

    /** Lag per partition; partitions without a known lag yet (no fetch so far) are absent. */
    public Map<TopicPartition, Double> byPartition() {
        Map<TopicPartition, Double> out = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            MetricName name = e.getKey();
            Map<String, String> tags = name.tags();
            String topic = tags.get("topic");
            String partition = tags.get("partition");
            String client = tags.getOrDefault("client-id", "");
            if (!LAG.equals(name.name()) || !GROUP.equals(name.group()) || topic == null || partition == null
                    || !topics.contains(topic) || client.endsWith("restore-consumer")) {
                continue;
            }
            Object value = e.getValue().metricValue();
            if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                out.merge(new TopicPartition(topic, Integer.parseInt(partition)), n.doubleValue(), Double::sum);
            }
        }
        return out;
    }

    /** Sum over the assigned source partitions; 0 when none is known. */
    public double total() {
        return byPartition().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Registers the per-partition gauge on {@code registry}; call {@link #refresh()} before each scrape. */
    public synchronized void bindTo(MeterRegistry registry) {
        gauge = MultiGauge.builder(ChuteMetric.CONSUMER_LAG.metricName())
                .description(ChuteMetric.CONSUMER_LAG.doc()).register(registry);
    }

    /** Replaces the gauge's rows with the current partitions (revoked partitions disappear). */
    public synchronized void refresh() {
        if (gauge == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byPartition().forEach((tp, lag) -> rows.add(MultiGauge.Row.of(
                Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition())), lag)));
        gauge.register(rows, true);
    }
}
