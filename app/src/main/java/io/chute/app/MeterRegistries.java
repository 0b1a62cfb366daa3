package io.chute.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry behind {@code /metrics}. Kafka Streams' per-task meters (tagged {@code task-id}: task, processor
 * node and per-task topic metrics, about 31 per task) are left out: at 256 tasks they are ~8,000 Prometheus series
 * and ~4 MB of registry heap outside {@code buffer.memory.bytes} (issue 10, heap dumps at 256 partitions; the Kafka
 * binder still keeps each metric's id), and nothing of chute reads them; the thread-level Streams meters
 * ({@code kafka_stream_thread_*}), the clients' meters and chute's own per-partition lag stay. The Kafka metrics
 * themselves still exist (Streams' JMX beans).
 */
final class MeterRegistries {
    static final String TASK_TAG = "task.id"; // Kafka's task-id as Micrometer's Kafka binder names it
    private static final String STREAMS_PREFIX = "kafka.stream.";

    private MeterRegistries() {
    }

    static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.deny(MeterRegistries::perTask));
        return registry;
    }

    static boolean perTask(Meter.Id id) {
        return id.getName().startsWith(STREAMS_PREFIX) && id.getTag(TASK_TAG) != null;
    }
}
