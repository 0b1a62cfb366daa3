package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private final ConsumerLag lag = new ConsumerLag(() -> metrics, Set.of("events"));

    private void put(String client, String name, String topic, int partition, double value) {
        MetricName metricName = new MetricName(name, ConsumerLag.GROUP, "", Map.of("client-id", client, "topic", topic,
                "partition", Integer.toString(partition)));
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void shouldReportSourcePartitionLagWhenOtherConsumersAndMetricsAreMixedIn() {
        put("app-StreamThread-1-consumer", "records-lag", "events", 0, 5);
        put("app-StreamThread-2-consumer", "records-lag", "events", 1, 7);
        put("app-StreamThread-1-consumer", "records-lag-max", "events", 0, 99);
        put("app-StreamThread-1-restore-consumer", "records-lag", "events", 2, 1000);
        put("app-StreamThread-1-consumer", "records-lag", "other", 0, 1000);
        put("app-StreamThread-1-consumer", "records-lag", "events", 3, Double.NaN);
        Map<TopicPartition, Double> byPartition = lag.byPartition();
        assertEquals(Map.of(new TopicPartition("events", 0), 5.0, new TopicPartition("events", 1), 7.0), byPartition);
        assertEquals(12.0, lag.total());
    }

    @Test
    void shouldFollowAssignmentWhenRefreshedBeforeAScrape() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        lag.bindTo(registry);
        put("c-consumer", "records-lag", "events", 0, 5);
        lag.refresh();
        assertEquals(5.0, registry.get("chute.consumer.lag").tag("partition", "0").gauge().value());
        metrics.clear();
        put("c-consumer", "records-lag", "events", 1, 3);
        lag.refresh();
        assertNull(registry.find("chute.consumer.lag").tag("partition", "0").gauge());
        assertEquals(3.0, registry.get("chute.consumer.lag").tag("partition", "1").gauge().value());
    }
}
