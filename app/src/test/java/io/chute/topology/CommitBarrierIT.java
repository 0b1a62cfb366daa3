package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chute.app.ChuteApp;
import io.chute.block.Block;
import io.chute.block.BlockLimits;
import io.chute.block.InstanceLimits;
import io.chute.config.ChuteConfig;
import io.chute.config.RouteConfig;
import io.chute.dlq.KafkaSourceFetcher;
import io.chute.localstack.LocalStack;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.RetryPolicy;
import io.chute.retry.Time;
import io.chute.routing.Router;
import io.chute.sink.BlockInserter;
import io.chute.sink.BlockWriter;
import io.chute.sink.InsertFaults;
import io.chute.state.InMemoryIntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerState;
import io.chute.validation.InMemorySchemaSource;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/**
 * The commit barrier inside a real Kafka Streams commit (real broker, chute's client supplier; ClickHouse and the
 * ledger are fakes): a commit must have the blocks of all its tasks in flight at once, so that it waits for the
 * slowest insert, not for the sum. Blocks close only at commits here (linger and size out of reach), and each insert
 * waits until every task's block is in flight: a barrier that lands one task after the other never gets there.
 */
class CommitBarrierIT {
    private static final int PARTITIONS = 8;
    private static final int RECORDS_PER_PARTITION = 5;

    @ParameterizedTest
    @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
    void shouldHaveEveryTasksBlockInFlightAtOnceWhenStreamsCommits(String guarantee) throws Exception {
        ChuteConfig config = filledTopics(LocalStack.uniqueName("barrier"), guarantee);
        GatedWriter writer = new GatedWriter(PARTITIONS);
        ChuteMetrics metrics = ChuteMetrics.inMemory();
        ExecutorService inserts = Executors.newFixedThreadPool(PARTITIONS);
        KafkaStreams streams = streams(config, deps(config, metrics, writer, inserts, new ConcurrentHashMap<>()));
        try {
            streams.start();
            assertTrue(writer.allInFlight.await(60, TimeUnit.SECONDS),
                    "every task's block in flight at once; most seen together: " + writer.maxInFlight.get());
            String stack0 = writer.streamThreadStack;
            assertTrue(stack0.contains("CommitBarrier.beforeCommit"), stack0);
            assertTrue(stack0.contains(guarantee.equals("at_least_once") ? "HookedConsumer.commitSync"
                    : "HookedProducer.sendOffsetsToTransaction"), stack0);
            awaitCommitted(config);
            assertEquals(PARTITIONS * RECORDS_PER_PARTITION, writer.rows.get());
            assertTrue(metrics.registry().get(ChuteMetric.COMMIT_WAIT.metricName()).timer().count() >= 1);
        } finally {
            streams.close(Duration.ofSeconds(30));
            inserts.shutdownNow();
        }
    }

    /**
     * Issue 10, invariant 5 of DESIGN.md, through Kafka Streams: one ledger transaction per block while running;
     * after a crash right after a commit returned (the ledger as it was then: the last blocks' LANDEDs still
     * deferred), the next start reads the committed offsets through the hooked consumer before the processor's init
     * and takes those INTENTs as landed. A clean close writes every LANDED.
     */
    @ParameterizedTest
    @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
    void shouldReadIntentsBelowTheCommittedOffsetAsLandedWhenTheNextOwnerStarts(String guarantee) throws Exception {
        Map<String, Map<LedgerKey, LedgerEntry>> afterCommit = new ConcurrentHashMap<>();
        ChuteConfig config = filledTopics(LocalStack.uniqueName("landed-by-commit"), guarantee);
        Map<String, InMemoryIntentLedger> ledgers = new ConcurrentHashMap<>();
        AtomicInteger rows = new AtomicInteger();
        BlockWriter counting = (block, queryId) -> {
            rows.addAndGet(block.rowCount());
            return block.rowCount();
        };
        ExecutorService inserts = Executors.newFixedThreadPool(PARTITIONS);
        try {
            ChuteMetrics first = ChuteMetrics.inMemory();
            ChuteDeps deps = deps(config, first, counting, inserts, ledgers);
            KafkaStreams streams = streams(config, deps);
            try {
                streams.start();
                Map<TopicPartition, Long> ends = awaitCommitted(config);
                awaitBarrierKnows(deps.barrier(), ends);
                // the crash point "after the offset commit, LANDED still deferred": what a kill -9 now would leave
                ledgers.forEach((task, ledger) -> afterCommit.put(task, new HashMap<>(ledger.entries)));
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
            assertEquals(PARTITIONS * RECORDS_PER_PARTITION, rows.get());
            // a partition read across two commits makes two blocks: count blocks, not partitions
            assertEquals(first.total(ChuteMetric.BLOCKS_INSERTED) + PARTITIONS,
                    first.total(ChuteMetric.LEDGER_TRANSACTIONS) + first.total(ChuteMetric.LEDGER_LANDED_BY_COMMIT),
                    "one ledger transaction per block; each lane's last LANDED dropped when idle or written at close");
            ledgers.values().forEach(l -> l.entries.values().forEach(e -> assertEquals(LedgerState.LANDED, e.state(),
                    "a clean close leaves a ledger that needs no committed offset")));
            assertTrue(afterCommit.values().stream().flatMap(m -> m.values().stream())
                    .anyMatch(e -> e.state() == LedgerState.INTENT), "the crash point under test left INTENTs");
            ledgers.forEach((task, ledger) -> {
                ledger.entries.clear();
                ledger.entries.putAll(afterCommit.getOrDefault(task, Map.of()));
            });

            ChuteMetrics second = ChuteMetrics.inMemory();
            ChuteDeps next = deps(config, second, counting, inserts, ledgers);
            KafkaStreams restarted = streams(config, next);
            try {
                restarted.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (next.barrier().participantCount() < PARTITIONS && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(PARTITIONS, next.barrier().participantCount(), "every task initialized");
                assertEquals(0, second.total(ChuteMetric.BLOCKS_RECOVERED), "no INTENT re-inserted");
                assertEquals(PARTITIONS * RECORDS_PER_PARTITION, rows.get(), "nothing inserted again");
            } finally {
                restarted.close(Duration.ofSeconds(30));
            }
        } finally {
            inserts.shutdownNow();
        }
    }

    /**
     * Issue 10: through chute's main consumer each stream thread punctuates its tasks before its polls and no task
     * schedules a punctuator (Streams takes fewer records per pass whenever one ran). Blocks lingering past
     * {@code block.linger.ms} land with no commit (the commit interval is out of reach) and no punctuator run.
     */
    @Test
    void shouldLandLingeringBlocksThroughTheThreadsPunctuationWhenNoTaskPunctuates() throws Exception {
        ChuteConfig config = filledTopics(LocalStack.uniqueName("thread-punctuation"), "at_least_once",
                Map.of(ChuteConfig.BLOCK_LINGER_MS_CONFIG, "500", ChuteConfig.COMMIT_INTERVAL_MS_CONFIG, "600000"));
        AtomicInteger rows = new AtomicInteger();
        BlockWriter counting = (block, queryId) -> {
            rows.addAndGet(block.rowCount());
            return block.rowCount();
        };
        ChuteMetrics metrics = ChuteMetrics.inMemory();
        ExecutorService inserts = Executors.newFixedThreadPool(2);
        KafkaStreams streams = streams(config, deps(config, metrics, counting, inserts, new ConcurrentHashMap<>()));
        try {
            streams.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (rows.get() < PARTITIONS * RECORDS_PER_PARTITION && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(PARTITIONS * RECORDS_PER_PARTITION, rows.get(), "every lingering block landed");
            assertEquals(0, metrics.registry().get(ChuteMetric.COMMIT_WAIT.metricName()).timer().count(),
                    "no commit closed them");
            double punctuators = streams.metrics().values().stream()
                    .filter(m -> m.metricName().name().equals("punctuate-total"))
                    .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
            assertEquals(0.0, punctuators, "no task punctuator ran");
        } finally {
            streams.close(Duration.ofSeconds(30));
            inserts.shutdownNow();
        }
    }

    private static void awaitBarrierKnows(CommitBarrier barrier, Map<TopicPartition, Long> ends) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ends.entrySet().stream().anyMatch(e -> barrier.committedOffset(e.getKey()) != e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hooked commit did not report " + ends);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Creates topic {@code name-events} ({@link #PARTITIONS} partitions, {@link #RECORDS_PER_PARTITION} records each)
     * and a dead-letter topic, and returns the config of a chute instance (application id {@code name}) reading them.
     */
    private static ChuteConfig filledTopics(String name, String guarantee) {
        return filledTopics(name, guarantee, Map.of());
    }

    /** As {@link #filledTopics(String, String)}, with {@code overrides} of the instance's config. */
    private static ChuteConfig filledTopics(String name, String guarantee, Map<String, String> overrides) {
        LocalStack stack = LocalStack.shared();
        String topic = name + "-events";
        stack.kafka().createTopic(topic, PARTITIONS, Map.of());
        stack.kafka().createTopic(name + "-dlq", 1, Map.of());
        produce(stack.bootstrapServers(), topic);
        return config(stack, name, topic, guarantee, overrides);
    }

    /** Kafka Streams running chute's topology through chute's client supplier (not started). */
    private static KafkaStreams streams(ChuteConfig config, ChuteDeps deps) {
        return new KafkaStreams(ChuteTopology.build(config, deps),
                new StreamsConfig(ChuteApp.streamsProperties(config)), CommitHookClientSupplier.of(deps));
    }

    private static ChuteConfig config(LocalStack stack, String name, String topic, String guarantee,
                                      Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(TopologyFixture.baseConfig());
        props.put(ChuteConfig.APPLICATION_ID_CONFIG, name);
        props.put(ChuteConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ChuteConfig.SOURCE_TOPICS_CONFIG, topic);
        props.put(ChuteConfig.DLQ_TOPIC_CONFIG, name + "-dlq");
        props.put(ChuteConfig.TABLE_CONFIG, "events");
        props.put(ChuteConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(ChuteConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.put(ChuteConfig.BLOCK_LINGER_MS_CONFIG, "600000");
        props.putAll(overrides);
        return new ChuteConfig(props);
    }

    private static ChuteDeps deps(ChuteConfig config, ChuteMetrics metrics, BlockWriter writer,
                                  ExecutorService inserts, Map<String, InMemoryIntentLedger> ledgers) {
        String topic = config.sourceTopics().get(0);
        InMemorySchemaSource schemas = new InMemorySchemaSource().put(TopologyFixture.EVENT_ID, TestSchemas.EVENT,
                topic + "-value");
        ChuteDeps.Rows rows = new ChuteDeps.Rows(schemas, ValidatorConfig.defaults(),
                new Router(RouteConfig.parse(config), "events"),
                TableSchemas.fixed(Map.of("events", TopologyFixture.eventsTable("events"))));
        ChuteDeps.Inserts insertParts = new ChuteDeps.Inserts(new BlockLimits(BlockLimits.DEFAULT_MAX_ROWS,
                BlockLimits.DEFAULT_MAX_BYTES, config.getLong(ChuteConfig.BLOCK_LINGER_MS_CONFIG), 1), // blocks close only at commits
                InstanceLimits.unbounded(), new BlockInserter(writer, RetryPolicy.defaults(), () -> { }), inserts,
                InsertFaults.NONE);
        ChuteDeps.Tasks tasks = new ChuteDeps.Tasks(new LedgerOpener(
                taskId -> ledgers.computeIfAbsent(taskId, t -> new InMemoryIntentLedger()),
                () -> ledgers.values().stream().flatMap(l -> l.entries.entrySet().stream())
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), List.of(topic)),
                new KafkaSourceFetcher(Map.of("bootstrap.servers", config.getList(
                        ChuteConfig.BOOTSTRAP_SERVERS_CONFIG).get(0))), LandedOffsets.NONE);
        return new ChuteDeps(config, rows, insertParts, tasks, metrics, new CommitBarrier(metrics),
                Time.SYSTEM);
    }

    private static void produce(String bootstrap, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, TestSchemas.framed(TopologyFixture.EVENT_ID,
                            TestSchemas.event(p + "-" + i, 1_700_000_000_000L, "n", i))));
                }
            }
        }
    }

    private static Map<TopicPartition, Long> awaitCommitted(ChuteConfig config) throws Exception {
        Admin admin = LocalStack.shared().kafka().admin();
        String group = config.getString(ChuteConfig.APPLICATION_ID_CONFIG);
        String topic = config.sourceTopics().get(0);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            if (committed.equals(ends)) {
                return ends;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("offsets not committed: " + committed + " vs ends " + ends);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Holds each insert until {@code expected} inserts are in flight together (or a minute passed), and then
     * records what the stream thread is doing.
     */
    private static final class GatedWriter implements BlockWriter {
        final CountDownLatch allInFlight = new CountDownLatch(1);
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger rows = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final int expected;
        volatile String streamThreadStack = "";

        GatedWriter(int expected) {
            this.expected = expected;
        }

        @Override
        public long insert(Block block, String queryId) throws Exception {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (now == expected) {
                    streamThreadStack = streamThreadStack();
                    allInFlight.countDown();
                }
                allInFlight.await(60, TimeUnit.SECONDS);
                if (!seen.add(block.token())) {
                    return 0; // deduplicated by token, as ClickHouse would
                }
                rows.addAndGet(block.rowCount());
                return block.rowCount();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private static String streamThreadStack() {
            return Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().contains("StreamThread"))
                    .map(e -> e.getKey().getName() + "\n" + Arrays.stream(e.getValue())
                            .map(StackTraceElement::toString).collect(Collectors.joining("\n")))
                    .collect(Collectors.joining("\n\n"));
        }
    }
}
