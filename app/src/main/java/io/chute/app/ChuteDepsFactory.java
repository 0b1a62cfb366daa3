package io.chute.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.clickhouse.client.api.Client;
import org.apache.kafka.common.config.ConfigException;

import io.chute.block.BlockLimits;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
import io.chute.config.ChuteConfig;
import io.chute.config.ClickHouseSettings;
import io.chute.config.KafkaClientProps;
import io.chute.config.RouteConfig;
import io.chute.config.SchemaEvolution;
import io.chute.dlq.BadRowDeadLetters;
import io.chute.dlq.KafkaSourceFetcher;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.Backoff;
import io.chute.retry.RetryPolicy;
import io.chute.retry.Time;
import io.chute.routing.Router;
import io.chute.serde.CachedSchemaSource;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.sink.BlockInserter;
import io.chute.sink.ClickHouseBlockWriter;
import io.chute.sink.ColumnAdder;
import io.chute.sink.ConfiguredFaults;
import io.chute.sink.FatalSinkException;
import io.chute.sink.InsertFaults;
import io.chute.sink.TableExecutors;
import io.chute.sink.TableInspector;
import io.chute.state.KafkaIntentLedger;
import io.chute.state.LedgerEnds;
import io.chute.state.LedgerNames;
import io.chute.state.LedgerSnapshot;
import io.chute.state.UnclaimedLedger;
import io.chute.topology.ChuteDeps;
import io.chute.topology.CommitBarrier;
import io.chute.topology.GroupedInserts;
import io.chute.topology.LandedOffsets;
import io.chute.topology.LedgerOpener;
import io.chute.topology.PositionColumns;
import io.chute.topology.ProcessingPause;
import io.chute.topology.TableSchemas;
import io.chute.validation.ReaderSchemas;
import io.chute.validation.SubjectNameStrategy;
import io.chute.validation.ValidatorConfig;

/** Builds the production {@link ChuteDeps}: checks every target table at start (fail fast) and wires the clients. */
final class ChuteDepsFactory {
    /**
     * How long the ledger consumer may take to read the ledger to its end when tasks open; past it their start
     * fails with a LedgerException. The ledger is compacted (about one entry per lane), so reading it
     * takes far less unless Kafka does not answer.
     */
    private static final Duration LEDGER_READ_TIMEOUT = Duration.ofMinutes(1);
    /** Insert threads stop after this long idle (the pool grows again as blocks wait). */
    private static final long INSERT_THREAD_IDLE_SECONDS = 60;

    private ChuteDepsFactory() {
    }

    /** @param ledgerEnds the ledger topic's high watermarks, shared by every task (the caller closes it) */
    static ChuteDeps create(ChuteConfig config, Client clickHouse, ChuteMetrics metrics, ExecutorService inserts,
                            LedgerEnds ledgerEnds) {
        Router router = new Router(RouteConfig.parse(config), config.getString(ChuteConfig.TABLE_CONFIG));
        TableInspector inspector = new TableInspector(clickHouse,
                config.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG));
        Map<String, TableSchema> tables = inspectTables(config, inspector, router);
        InsertFaults faults = ConfiguredFaults.parse(config.getString(ChuteConfig.TEST_FAULTS_CONFIG));
        BlockLimits limits = new BlockLimits(config.getInt(ChuteConfig.BLOCK_MAX_ROWS_CONFIG),
                Math.toIntExact(config.getLong(ChuteConfig.BLOCK_MAX_BYTES_CONFIG)), // at most 1 GiB (validated)
                config.getLong(ChuteConfig.BLOCK_LINGER_MS_CONFIG), BlockLimits.DEFAULT_MAX_GROWTH_FACTOR);
        InstanceLimits instanceLimits = new InstanceLimits(MemoryBudget.of(
                config.getLong(ChuteConfig.BUFFER_MEMORY_BYTES_CONFIG)),
                config.getDouble(ChuteConfig.INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG));
        metrics.bindMemory(instanceLimits.budget());
        BlockInserter inserter = new BlockInserter(new ClickHouseBlockWriter(clickHouse,
                config.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG),
                Duration.ofMillis(config.getLong(ChuteConfig.INSERT_TIMEOUT_MS_CONFIG)),
                insertSettings(config, inspector)), retryPolicy(config), Time.SYSTEM, limits::grow, faults);
        String ledgerTopic = config.ledgerTopic();
        Map<String, Object> kafka = KafkaClientProps.common(config);
        ChuteDeps.LedgerFactory ledgers = taskId -> new BudgetedLedger(config.groupedInserts() ? new UnclaimedLedger()
                : KafkaIntentLedger.create(ledgerTopic, LedgerNames.transactionalId(config.applicationId(), taskId),
                        kafka, LEDGER_READ_TIMEOUT, ledgerEnds), instanceLimits.budget());
        ChuteDeps.Rows rows = new ChuteDeps.Rows(new CachedSchemaSource(new HttpSchemaRegistryClient(
                RegistryClients.config(config).build())), validatorConfig(config), router,
                tableSchemas(config, clickHouse, tables));
        TableExecutors executors = TableExecutors.halfPerTable(inserts,
                config.getInt(ChuteConfig.INSERT_THREADS_CONFIG));
        ChuteDeps.Inserts insertParts = new ChuteDeps.Inserts(limits, instanceLimits, inserter, executors, faults);
        ChuteDeps.LedgerReads reads = () -> LedgerSnapshot.read(kafka, ledgerTopic, LEDGER_READ_TIMEOUT, ledgerEnds);
        KafkaSourceFetcher fetcher = new KafkaSourceFetcher(KafkaClientProps.sourceReader(config));
        ChuteDeps.Tasks tasks = new ChuteDeps.Tasks(new LedgerOpener(ledgers, reads, config.sourceTopics()),
                fetcher, landedOffsets(inspector));
        GroupedInserts grouped = !config.groupedInserts() ? null : new GroupedInserts(ledgerTopic, inserter,
                executors::forTable, new BadRowDeadLetters(fetcher, config.getString(ChuteConfig.DLQ_TOPIC_CONFIG),
                        config.applicationId(), System::currentTimeMillis), metrics, limits, System::currentTimeMillis,
                faults, new ProcessingPause(instanceLimits.budget(), metrics, System::nanoTime));
        return new ChuteDeps(config, rows, insertParts, tasks, metrics, new CommitBarrier(metrics, grouped),
                Time.SYSTEM);
    }

    /** Backoff of retryable insert failures; TOO_MANY_PARTS grows blocks after as many failures as by default. */
    private static RetryPolicy retryPolicy(ChuteConfig config) {
        int attempts = config.insertMaxAttempts();
        return new RetryPolicy(new Backoff(config.getLong(ChuteConfig.INSERT_BACKOFF_MS_CONFIG),
                config.getLong(ChuteConfig.INSERT_BACKOFF_MAX_MS_CONFIG), Backoff.Jitter.FULL),
                attempts == ChuteConfig.INSERT_RETRY_FOREVER ? 0 : attempts); // RetryPolicy: 0 = forever
    }

    /** The settings of every INSERT (issue 11): pinned, passed through, and what this server version needs. */
    private static Map<String, String> insertSettings(ChuteConfig config, TableInspector inspector) {
        return config.clickHouseSettings().withServerSettings(
                inspector.serverHasSetting(ClickHouseSettings.DEDUPLICATE_INSERT)).asMap();
    }

    /** How recovery asks what of a stale INTENT block landed (issue 11). */
    private static LandedOffsets landedOffsets(TableInspector inspector) {
        return (table, columns, topic, partition, from, to) -> inspector.landedOffsets(table, columns.topic(),
                columns.partition(), columns.offset(), topic, partition, from, to);
    }

    /**
     * Up to {@code insert.threads} threads, started as blocks wait and stopped after a minute idle: the parallelism
     * follows the lanes with work (an insert thread mostly waits on ClickHouse or a ledger transaction), so a slow
     * table's inserts do not hold every thread while others wait, unless every thread is taken.
     */
    static ExecutorService insertPool(ChuteConfig config) {
        AtomicInteger n = new AtomicInteger();
        int threads = config.getInt(ChuteConfig.INSERT_THREADS_CONFIG);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, INSERT_THREAD_IDLE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "chute-insert-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Map<String, TableSchema> inspectTables(ChuteConfig config, TableInspector inspector,
                                                          Router router) {
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        for (String topic : config.sourceTopics()) {
            for (String table : router.tablesFor(topic)) {
                if (!tables.containsKey(table)) {
                    inspector.requireDeduplicatingChain(table,
                            config.getLong(ChuteConfig.DEDUP_WINDOW_MIN_SECONDS_CONFIG));
                    TableSchema schema = inspector.schema(table);
                    try { // a position column of a type that cannot hold its value fails the start, not each row
                        PositionColumns.of(schema, PositionColumns.Names.from(config));
                    } catch (IllegalArgumentException e) {
                        throw new FatalSinkException(e.getMessage());
                    }
                    tables.put(table, schema);
                }
            }
        }
        if (tables.isEmpty()) {
            throw new ConfigException(ChuteConfig.TABLE_CONFIG, "",
                    "no target table: set 'table' or define route.<name>.table");
        }
        return tables;
    }

    /** Tables that change only under schema.evolution=add-columns. */
    private static TableSchemas tableSchemas(ChuteConfig config, Client clickHouse, Map<String, TableSchema> tables) {
        if (config.schemaEvolution() != SchemaEvolution.ADD_COLUMNS) {
            return TableSchemas.fixed(tables);
        }
        ColumnAdder adder = new ColumnAdder(clickHouse, config.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG),
                config.getString(ChuteConfig.CLICKHOUSE_CLUSTER_CONFIG), Time.SYSTEM);
        return new TableSchemas(tables, new TableSchemas.Evolver() {
            @Override
            public void addColumn(String table, org.apache.avro.Schema.Field field) throws InterruptedException {
                adder.add(table, field);
            }

            @Override
            public TableSchema describe(String table) throws InterruptedException {
                return adder.describe(table);
            }
        });
    }

    private static ValidatorConfig validatorConfig(ChuteConfig config) {
        ValidatorConfig validator = ValidatorConfig.defaults().withStrategy(subjectNameStrategy(config))
                .withMaxValueBytes(config.getInt(ChuteConfig.RECORD_MAX_BYTES_CONFIG))
                .withRules(FieldRules.from(config));
        String readerFile = config.getString(ChuteConfig.READER_SCHEMA_FILE_CONFIG);
        if (!readerFile.isEmpty()) {
            try {
                validator = validator.withReaderSchema(ReaderSchemas.fromFile(
                        Path.of(readerFile)));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(ChuteConfig.READER_SCHEMA_FILE_CONFIG,
                        readerFile, "cannot read the reader schema: " + e.getMessage());
            }
        }
        return validator;
    }

    /** {@code subject.name.strategy} (validation knows no configuration, so the wiring maps it). */
    static SubjectNameStrategy subjectNameStrategy(ChuteConfig config) {
        String value = config.getString(ChuteConfig.SUBJECT_STRATEGY_CONFIG);
        return switch (value) {
            case ChuteConfig.SUBJECT_STRATEGY_TOPIC -> SubjectNameStrategy.TOPIC_NAME;
            case ChuteConfig.SUBJECT_STRATEGY_RECORD -> SubjectNameStrategy.RECORD_NAME;
            case ChuteConfig.SUBJECT_STRATEGY_TOPIC_RECORD -> SubjectNameStrategy.TOPIC_RECORD_NAME;
            default -> throw new ConfigException(ChuteConfig.SUBJECT_STRATEGY_CONFIG, value, "unknown strategy");
        };
    }
}
