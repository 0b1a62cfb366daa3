package io.chute.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.config.ChuteConfig;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.ops.CachedProbe;
import io.chute.ops.CatchUpProgress;
import io.chute.ops.ConsumerLag;
import io.chute.ops.HealthStatus;
import io.chute.ops.Liveness;
import io.chute.ops.OpsServer;
import io.chute.ops.Readiness;
import io.chute.retry.RetryPolicy;
import io.chute.serde.HttpSchemaRegistryClient;

/**
 * Serves {@code /metrics} and {@code /health/*} on {@code metrics.port} (-1: no endpoint) from the very start of an
 * instance ({@link #bind}: JVM metrics; not ready while the start waits for its dependencies), then, once Kafka
 * Streams exists ({@link #attach}), its own metrics (Micrometer's Kafka binder), per-partition consumer lag and the
 * real liveness and readiness checks.
 */
final class Observability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private OpsServer server;
    // what the endpoint answers: swapped from the start-up answers to the real ones once Streams exists
    private volatile Supplier<String> scrape;
    private volatile Supplier<HealthStatus> live;
    private volatile Supplier<HealthStatus> ready;

    private Observability() {
    }

    /**
     * Binds JVM metrics and, when {@code metrics.port} is set, the port: first thing at start, so that a port in use
     * stops this instance before it joins the group, and so that /health/ready can say what the start waits for.
     *
     * @throws StartupException when the port cannot be bound
     */
    static Observability bind(ChuteConfig config, PrometheusMeterRegistry registry,
            Supplier<Map<String, String>> waitingFor) {
        Observability o = new Observability();
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        o.closeables.add(gc);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        o.live = () -> new HealthStatus(true, Map.of("streams", "NOT_STARTED", "reason", "starting"));
        o.ready = () -> starting(waitingFor.get());
        o.scrape = registry::scrape;
        int port = config.getInt(ChuteConfig.METRICS_PORT_CONFIG);
        if (port >= 0) {
            try {
                o.server = OpsServer.start(port, () -> o.scrape.get(), () -> o.live.get(), () -> o.ready.get());
            } catch (IllegalStateException e) {
                throw new StartupException(e.getMessage() + " (another instance on this host? each needs its own "
                        + "metrics.port)", e);
            }
        }
        return o;
    }

    /** Not ready while starting: names what the start still waits for and why. */
    static HealthStatus starting(Map<String, String> waitingFor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", "NOT_STARTED");
        details.put("waitingFor", waitingFor);
        details.put("reason", waitingFor.isEmpty() ? "starting" : "starting: waiting for " + waitingFor.entrySet()
                .stream().map(e -> e.getKey() + " at " + e.getValue()).collect(Collectors.joining("; ")));
        return new HealthStatus(false, details);
    }

    /** Once Kafka Streams exists: its metrics, consumer lag, the catch-up line, and the real health checks. */
    void attach(ChuteConfig config, ChuteMetrics metrics, KafkaStreams streams, Client clickHouse,
            PrometheusMeterRegistry registry) {
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        closeables.add(kafka);
        ConsumerLag lag = new ConsumerLag(streams::metrics, new HashSet<>(config.sourceTopics()));
        lag.bindTo(registry);
        closeables.add(reportCatchUp(metrics, lag));
        scrape = () -> {
            lag.refresh();
            return registry.scrape();
        };
        if (server != null) {
            healthChecks(config, metrics, streams, clickHouse, lag);
        }
    }

    /** Every 5 s while behind: a progress line with records/s and ETA (and the catch-up gauge). */
    private static AutoCloseable reportCatchUp(ChuteMetrics metrics, ConsumerLag lag) {
        CatchUpProgress progress = new CatchUpProgress(() -> (long) metrics.total(ChuteMetric.RECORDS_IN), () -> {
            lag.refresh();
            return lag.total();
        }, System::currentTimeMillis, metrics);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chute-catch-up");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> progress.tick().ifPresent(LOG::info), 5, 5, TimeUnit.SECONDS);
        return timer::shutdownNow;
    }

    OptionalInt port() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }

    private void healthChecks(ChuteConfig config, ChuteMetrics metrics, KafkaStreams streams, Client clickHouse,
            ConsumerLag lag) {
        long interval = config.getLong(ChuteConfig.HEALTH_CHECK_INTERVAL_MS_CONFIG);
        long timeout = Math.max(100, Math.min(interval, config.getInt(ChuteConfig.REGISTRY_TIMEOUT_MS_CONFIG)));
        HttpSchemaRegistryClient registryProbe = new HttpSchemaRegistryClient(RegistryClients.config(config)
                .retry(RetryPolicy.once())
                .requestTimeout(Duration.ofMillis(timeout)).connectTimeout(Duration.ofMillis(timeout)).build());
        CachedProbe clickHouseProbe = new CachedProbe("clickhouse", () -> {
            if (!clickHouse.ping(timeout)) {
                throw new IllegalStateException("no answer to /ping within " + timeout + " ms");
            }
        }, interval, System::currentTimeMillis);
        CachedProbe registryProbeCheck = new CachedProbe("registry", registryProbe::subjects, interval,
                System::currentTimeMillis);
        Liveness live = new Liveness(System::currentTimeMillis,
                () -> (long) (metrics.total(ChuteMetric.COMMITS) + metrics.total(ChuteMetric.BLOCKS_INSERTED)),
                lag::total, () -> streams.state().name(),
                config.getLong(ChuteConfig.HEALTH_WEDGED_AFTER_MS_CONFIG));
        Readiness ready = new Readiness(() -> streams.state().name(), List.of(clickHouseProbe, registryProbeCheck),
                System::currentTimeMillis, metrics.mapping()::unmappableReasons);
        this.live = live::check;
        this.ready = ready::check;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // metric binders hold no state worth reporting at shutdown
            }
        }
    }
}
