package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

class MeterRegistriesTest {

    /** Real Kafka metrics through Micrometer's Kafka binder (the one Observability binds Streams with). */
    @Test
    void shouldLeaveOutPerTaskStreamsMetersWhenBindingKafkaMetrics() {
        PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        MockProducer<byte[], byte[]> client = new MockProducer<>();
        try (Metrics kafka = new Metrics(new MetricConfig())) {
            add(kafka, client, "process-total", "stream-task-metrics", Map.of("thread-id", "t1", "task-id", "0_1"));
            add(kafka, client, "record-e2e-latency-max", "stream-processor-node-metrics",
                    Map.of("thread-id", "t1", "task-id", "0_1", "processor-node-id", "source"));
            add(kafka, client, "process-total", "stream-thread-metrics", Map.of("thread-id", "t1"));
            add(kafka, client, "records-lag-max", "consumer-fetch-manager-metrics", Map.of("client-id", "c1"));
            registry.counter("chute.records.in").increment();
            try (KafkaClientMetrics binder = new KafkaClientMetrics(client)) {
                binder.bindTo(registry);

                String text = registry.scrape();
                assertFalse(text.contains("kafka_stream_task_process_total"), text);
                assertFalse(text.contains("kafka_stream_processor_node_record_e2e_latency_max"), text);
                assertTrue(text.contains("kafka_stream_thread_process_total"), text);
                assertTrue(text.contains("kafka_consumer_fetch_manager_records_lag_max"), text);
                assertTrue(text.contains("chute_records_in_total"), text);
            }
        }
    }

    private static void add(Metrics kafka, MockProducer<?, ?> client, String name, String group,
                            Map<String, String> tags) {
        MetricName metricName = kafka.metricName(name, group, "", tags);
        kafka.addMetric(metricName, new CumulativeSum());
        client.setMockMetrics(metricName, kafka.metrics().get(metricName));
    }
}
