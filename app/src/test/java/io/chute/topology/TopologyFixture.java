package io.chute.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import io.chute.block.Block;
import io.chute.block.BlockLimits;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
import io.chute.config.ChuteConfig;
import io.chute.config.RouteConfig;
import io.chute.dlq.FakeSourceFetcher;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.routing.Router;
import io.chute.sink.BlockInserter;
import io.chute.sink.BlockWriter;
import io.chute.sink.FakeWriter;
import io.chute.sink.InsertFaults;
import io.chute.state.InMemoryIntentLedger;
import io.chute.validation.InMemorySchemaSource;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/**
 * chute's topology on a {@link TopologyTestDriver} with in-memory fakes: schema source, ledger, ClickHouse
 * ({@link FakeWriter}), inserts on the calling thread. The driver runs the processor on the test thread, so
 * {@link #commit()} (the commit barrier) lands every open block exactly as a real offset commit would.
 */
final class TopologyFixture implements AutoCloseable {
    static final String TOPIC = "events";
    static final String DLQ = "events-dlq";
    static final String APP_ID = "chute-test";
    /** {@link TestSchemas#EVENT} registered under {@code events-value}. */
    static final int EVENT_ID = 1;

    final MockTime time = new MockTime(1_700_000_000_000L);
    final InMemorySchemaSource schemas = new InMemorySchemaSource().put(EVENT_ID, TestSchemas.EVENT, TOPIC + "-value");
    final InMemoryIntentLedger ledger = new InMemoryIntentLedger();
    final FakeWriter clickHouse = new FakeWriter();
    /** The source partitions as recovery and rejected-row dead letters read them back. */
    final FakeSourceFetcher source = new FakeSourceFetcher();
    /** Every block FakeWriter accepted (not deduplicated), in insert order. */
    final List<Block> blocks = Collections.synchronizedList(new ArrayList<>());
    final ChuteMetrics metrics = ChuteMetrics.inMemory();
    final ChuteConfig config;
    final ChuteDeps deps;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;

    /** @param overrides config keys on top of {@link #baseConfig()}; a null value removes the key */
    TopologyFixture(Map<String, String> overrides, Map<String, TableSchema> tables, ValidatorConfig validator) {
        this(overrides, TableSchemas.fixed(tables), validator);
    }

    /** @param tables shared table schemas, e.g. with a fake evolver */
    TopologyFixture(Map<String, String> overrides, TableSchemas tables, ValidatorConfig validator) {
        Map<String, String> props = baseConfig();
        overrides.forEach((k, v) -> {
            if (v == null) {
                props.remove(k);
            } else {
                props.put(k, v);
            }
        });
        config = new ChuteConfig(props);
        BlockWriter recording = (block, queryId) -> {
            long rows = clickHouse.insert(block, queryId);
            if (rows > 0) {
                blocks.add(block);
            }
            return rows;
        };
        BlockLimits limits = new BlockLimits(config.getInt(ChuteConfig.BLOCK_MAX_ROWS_CONFIG),
                config.getLong(ChuteConfig.BLOCK_MAX_BYTES_CONFIG).intValue(),
                config.getLong(ChuteConfig.BLOCK_LINGER_MS_CONFIG), 1);
        ChuteDeps.Rows rows = new ChuteDeps.Rows(schemas, validator, new Router(RouteConfig.parse(config),
                config.getString(ChuteConfig.TABLE_CONFIG)), tables);
        ChuteDeps.Inserts inserts = new ChuteDeps.Inserts(limits, new InstanceLimits(MemoryBudget.unbounded(),
                config.getDouble(ChuteConfig.INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG)),
                new BlockInserter(recording, RetryPolicy.defaults(), () -> { }), Runnable::run, InsertFaults.NONE);
        deps = new ChuteDeps(config, rows, inserts, new ChuteDeps.Tasks(new LedgerOpener(taskId -> ledger,
                () -> Map.copyOf(ledger.entries), config.sourceTopics()), source,
                LandedOffsets.NONE), metrics, new CommitBarrier(metrics), time);
    }

    TopologyFixture(Map<String, String> overrides, Map<String, TableSchema> tables) {
        this(overrides, tables, ValidatorConfig.defaults());
    }

    TopologyFixture() {
        this(Map.of(), Map.of(TOPIC, eventsTable(TOPIC)));
    }

    /** The minimal valid configuration: one topic, default table {@code events}. */
    static Map<String, String> baseConfig() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(ChuteConfig.APPLICATION_ID_CONFIG, APP_ID);
        props.put(ChuteConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        props.put(ChuteConfig.SOURCE_TOPICS_CONFIG, TOPIC);
        props.put(ChuteConfig.DLQ_TOPIC_CONFIG, DLQ);
        props.put(ChuteConfig.REGISTRY_URL_CONFIG, "http://registry:8081");
        props.put(ChuteConfig.CLICKHOUSE_URL_CONFIG, "http://clickhouse:8123");
        props.put(ChuteConfig.TABLE_CONFIG, TOPIC);
        return props;
    }

    /** A table for {@link TestSchemas#EVENT}; {@code amountType} lets a test make amounts unmappable. */
    static TableSchema eventsTable(String name, String amountType) {
        return new TableSchema(name, List.of(
                TableSchema.Column.describe("id", "String", ""),
                TableSchema.Column.describe("ts", "DateTime64(3)", ""),
                TableSchema.Column.describe("name", "Nullable(String)", ""),
                TableSchema.Column.describe("amount", amountType, "")));
    }

    static TableSchema eventsTable(String name) {
        return eventsTable(name, "Int32");
    }

    /** Starts the driver (processor init: ledger open, barrier registration on this thread). */
    TopologyFixture start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        driver = new TopologyTestDriver(ChuteTopology.build(config, deps), props);
        input = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return this;
    }

    TopologyTestDriver driver() {
        return driver;
    }

    TestInputTopic<byte[], byte[]> input() {
        return input;
    }

    TestOutputTopic<byte[], byte[]> dlq() {
        return dlq;
    }

    /** What an offset commit does first: lands every open block of this thread's tasks. */
    void commit() {
        deps.barrier().beforeCommit();
    }

    double count(ChuteMetric metric) {
        return metrics.total(metric);
    }

    /** Blocks landed in {@code table}. */
    List<Block> blocksOf(String table) {
        synchronized (blocks) {
            return blocks.stream().filter(b -> b.id().table().equals(table)).toList();
        }
    }

    /** The {@code id} column (the first, a String) of every row landed in {@code table}, in order. */
    List<String> idsIn(String table) {
        List<String> ids = new ArrayList<>();
        for (Block block : blocksOf(table)) {
            for (int row = 0; row < block.rowCount(); row++) {
                ids.add(firstStringColumn(block.rowBytes(row)));
            }
        }
        return ids;
    }

    /** Decodes a RowBinaryWithDefaults row's first column as String: marker 0, LEB128 length, UTF-8 bytes. */
    static String firstStringColumn(byte[] row) {
        if (row[0] != 0) {
            throw new IllegalStateException("first column uses its default");
        }
        int length = 0;
        int shift = 0;
        int pos = 1;
        byte b;
        do {
            b = row[pos++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return new String(row, pos, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
