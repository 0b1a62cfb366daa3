package io.chute.app;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.clickhouse.client.api.Client;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.config.ChuteConfig;
import io.chute.config.KafkaClientProps;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.Backoff;
import io.chute.state.HighWatermarks;
import io.chute.state.LedgerTopic;
import io.chute.topology.ChuteDeps;
import io.chute.topology.ChuteTopology;
import io.chute.topology.CommitHookClientSupplier;
import io.chute.topology.GroupedInserts;
import io.chute.topology.LedgerOpener;

/**
 * A running chute instance: checks its targets (fail fast), creates the dead-letter and ledger topics if missing,
 * and runs the topology with the commit-hooked Kafka clients.
 */
public final class ChuteApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChuteApp.class);
    /**
     * Records per poll (Kafka's default: 500): fewer polls per block, part of the throughput settings of
     * topology-docs/DESIGN.md, "Throughput settings"; a {@code streams.consumer.max.poll.records} override wins.
     */
    private static final int MAX_POLL_RECORDS = 5000;
    /** How long start-up waits for Kafka to create the ledger and dead-letter topics before it fails. */
    private static final long CREATE_TOPICS_TIMEOUT_MS = 30_000;

    private final ChuteConfig config;
    private final PrometheusMeterRegistry registry = MeterRegistries.prometheus();
    private final ChuteMetrics metrics = new ChuteMetrics(registry);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable fatal;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private Client clickHouse;
    private ExecutorService inserts;
    private HighWatermarks ledgerEnds;
    private volatile LedgerOpener ledgerOpener;
    private volatile GroupedInserts grouped;
    private KafkaStreams streams;
    private volatile Observability observability;
    // the start's wait for ClickHouse and the registry: up to 5 s between attempts, never giving up on its own
    private final StartupWait startupWait = new StartupWait(
            new Backoff(200, 5_000, Backoff.Jitter.HALF));

    public ChuteApp(ChuteConfig config) {
        this.config = config;
    }

    public ChuteMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry prometheus() {
        return registry;
    }

    /** The bound port of /metrics and /health (empty when metrics.port is -1 or before start). */
    public OptionalInt metricsPort() {
        return observability == null ? OptionalInt.empty() : observability.port();
    }

    public Optional<KafkaStreams> streams() {
        return Optional.ofNullable(streams);
    }

    /**
     * Starts: binds metrics.port first (a clash fails here, before joining the group), waits for ClickHouse and the
     * registry (in parallel, with backoff; /health/ready says why meanwhile), then checks the tables and runs the
     * topology. Returns early, without starting, when {@link #close()} is called during the wait.
     *
     * @throws StartupException when waiting cannot help (credentials refused, database missing, port in use)
     */
    public void start() {
        LOG.info("chute starting with configuration:\n{}", config.describe());
        observability = Observability.bind(config, registry, startupWait::waitingFor);
        long begin = System.nanoTime();
        // The Kafka topics do not depend on the ClickHouse and registry checks: set them up meanwhile.
        CompletableFuture<Void> topics = CompletableFuture.runAsync(
                this::ensureTopics);
        clickHouse = ClickHouseClients.create(config);
        try {
            startupWait.await(StartupChecks.of(config, clickHouse));
        } catch (InterruptedException e) {
            LOG.info("stopped while waiting for ClickHouse and the schema registry");
            return;
        }
        if (closing.get()) {
            return; // close() ran just as the wait ended: start nothing it would not stop
        }
        inserts = ChuteDepsFactory.insertPool(config);
        ledgerEnds = new HighWatermarks(KafkaClientProps.common(config));
        ChuteDeps deps = ChuteDepsFactory.create(config, clickHouse, metrics, inserts, ledgerEnds); // failure wins
        ledgerOpener = deps.tasks().ledgers();
        grouped = deps.barrier().grouped();
        awaitTopics(topics);
        long checked = System.nanoTime();
        Map<String, Object> streamsProps = InputBuffers.apply(streamsProperties(config), config,
                deps.inserts().instanceLimits().budget().hardLimit(), InputBuffers.sourcePartitions(config));
        streams = new KafkaStreams(ChuteTopology.build(config, deps), new StreamsConfig(streamsProps),
                CommitHookClientSupplier.of(deps));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; shutting down this instance", e);
            fatal = e;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING && !running.getAndSet(true)) {
                LOG.info("running {} ms after the process started", ManagementFactory.getRuntimeMXBean().getUptime());
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        if (grouped != null) { // Kafka Streams' pause and resume are flags, safe from any thread
            grouped.pause().attach(streams::pause, streams::resume);
        }
        streams.start();
        observability.attach(config, metrics, streams, clickHouse, registry);
        LOG.info("started {} ms after the process started: targets checked and topics ready in {} ms, Kafka Streams "
                + "set up in {} ms; joining the group", ManagementFactory.getRuntimeMXBean().getUptime(),
                (checked - begin) / 1_000_000, (System.nanoTime() - checked) / 1_000_000);
    }

    private static void awaitTopics(CompletableFuture<Void> topics) {
        try {
            topics.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Blocks until the streams stop; returns the exit code (0 clean, 1 failed). */
    public int awaitTermination() throws InterruptedException {
        stopped.await();
        return fatal == null ? 0 : 1;
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * The Kafka Streams properties chute runs with for {@code config}: its guarantee, commit interval and threads,
     * ByteArray serdes, the consumer settings below, then every {@code streams.*} override. Public so that the
     * benchmark's Streams floor runs with exactly these.
     */
    public static Map<String, Object> streamsProperties(ChuteConfig config) {
        Map<String, Object> props = new HashMap<>(KafkaClientProps.common(config));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(ChuteConfig.PROCESSING_GUARANTEE_CONFIG));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.streamsCommitIntervalMs());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(ChuteConfig.NUM_STREAM_THREADS_CONFIG));
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // A ClickHouse outage makes the commit wait (inserts retry forever); stay in the group meanwhile.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 1_800_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), MAX_POLL_RECORDS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Rows of different source topics never need timestamp-synchronised processing (blocks are per topic and
        // partition), so tasks never idle; with the default 0 Streams re-checks every input of the task before
        // each record, which cost ~11% of the stream thread.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // chute has no global stores, so this changes nothing but Streams' warning at every start; it is also
        // the default from Kafka 5.0 on (KIP-1033). Streams builds a second StreamsConfig from the main consumer's
        // settings (for its partition assignor), which warns again unless the consumer settings carry it too.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
        FailoverSettings.apply(config, props, System.getenv());
        props.putAll(config.streamsOverrides());
        return props;
    }

    private void ensureTopics() {
        try (Admin admin = Admin.create(KafkaClientProps.common(config))) {
            short rf = config.getShort(ChuteConfig.LEDGER_REPLICATION_CONFIG);
            LedgerTopic.ensure(admin, config.ledgerTopic(), 1, rf, CREATE_TOPICS_TIMEOUT_MS);
            String dlq = config.getString(ChuteConfig.DLQ_TOPIC_CONFIG);
            try {
                admin.createTopics(List.of(new NewTopic(dlq, Optional.empty(), Optional.empty())))
                        .all().get(CREATE_TOPICS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                LOG.info("created dead-letter topic {}", dlq);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create dead-letter topic " + dlq, e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer creating topics", e);
        }
    }

    /**
     * Graceful stop, bounded by {@code shutdown.timeout.ms}: Kafka Streams' close commits every task, and each commit
     * first lands the task's open blocks (the commit barrier). A static member stays in the group, so a restart
     * within the session timeout takes its tasks back without a rebalance; a dynamic one leaves, so the others take
     * over at once. Past the timeout it stops anyway: rows not landed have no committed offset and are read again.
     *
     * @return true when every open block landed and the offsets were committed in time
     */
    public boolean shutdown() {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        startupWait.close();
        long timeoutMs = config.getLong(ChuteConfig.SHUTDOWN_TIMEOUT_MS_CONFIG);
        long start = System.nanoTime();
        boolean clean = fatal == null;
        if (streams != null) {
            Optional<String> member = FailoverSettings.groupInstanceId(streamsProperties(config));
            LOG.info("shutting down: landing open blocks and committing within {} ms (shutdown.timeout.ms); {}",
                    timeoutMs, member.map(id -> "staying in the group as static member " + id)
                            .orElse("leaving the group"));
            clean &= streams.close(CloseOptions.timeout(Duration.ofMillis(timeoutMs))
                    .withGroupMembershipOperation(member.isPresent()
                            ? GroupMembershipOperation.REMAIN_IN_GROUP
                            : GroupMembershipOperation.LEAVE_GROUP));
            if (grouped != null) { // the last commits' groups insert after them
                clean &= grouped.awaitLanded(Duration.ofMillis(Math.max(0,
                        timeoutMs - (System.nanoTime() - start) / 1_000_000)));
                grouped.close();
            }
        }
        closeResources();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (streams == null) {
            return clean; // never started: nothing to land
        }
        if (clean) {
            LOG.info("shut down cleanly in {} ms: open blocks landed, offsets committed", ms);
        } else {
            LOG.warn("shut down after {} ms without landing everything (shutdown.timeout.ms {} passed or the instance "
                    + "had failed): offsets of rows not landed are not committed; they are read again on restart",
                    ms, timeoutMs);
        }
        return clean;
    }

    @Override
    public void close() {
        shutdown();
    }

    private void closeResources() {
        if (observability != null) {
            observability.close();
        }
        if (inserts != null) {
            inserts.shutdownNow();
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
        if (ledgerOpener != null) {
            ledgerOpener.close();
        }
        if (ledgerEnds != null) {
            ledgerEnds.close();
        }
        stopped.countDown();
    }
}
