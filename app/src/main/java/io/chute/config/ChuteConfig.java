package io.chute.config;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * chute's one typed configuration, in Kafka's {@link ConfigDef} style: every key has a type, a default, a validator
 * and a doc line. Construction fails fast with a {@link ConfigException} that names the bad key. Keys of type
 * {@link Type#PASSWORD} print as {@code [hidden]}.
 *
 * <p>Keys prefixed {@value #STREAMS_PREFIX} are passed to Kafka Streams (and its clients) verbatim, without the
 * prefix; {@value #ROUTE_PREFIX}{@code <name>.*} keys define routes (see {@link RouteConfig}).
 */
public final class ChuteConfig extends AbstractConfig {
    public static final String STREAMS_PREFIX = "streams.";
    public static final String ROUTE_PREFIX = "route.";

    public static final String APPLICATION_ID_CONFIG = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: consumer group, transactional id "
            + "prefix and the default dedup namespace. All instances of one deployment share it.";
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port].";
    public static final String SOURCE_TOPICS_CONFIG = "source.topics";
    private static final String SOURCE_TOPICS_DOC = "Topics to ingest. Routes may narrow which topic feeds which table.";
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    private static final String DLQ_TOPIC_DOC = "Dead-letter topic: invalid records with their original key, value "
            + "and headers plus reason headers.";
    public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default: dead letters are exact too) "
            + "or at_least_once. ClickHouse rows are exact under both (ledger + dedup tokens).";
    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often offsets commit. Every commit first lands all "
            + "pending blocks, so this bounds the age of a partial block.";
    public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads per instance.";

    public static final String REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String REGISTRY_URL_DOC = "Base URL of the Confluent-compatible schema registry API.";
    public static final String REGISTRY_BASIC_AUTH_CONFIG = "schema.registry.basic.auth.user.info";
    private static final String REGISTRY_BASIC_AUTH_DOC = "user:password for registry basic auth (secret).";
    public static final String REGISTRY_BEARER_TOKEN_CONFIG = "schema.registry.bearer.token";
    private static final String REGISTRY_BEARER_TOKEN_DOC = "Bearer token for the registry (secret).";
    public static final String REGISTRY_TIMEOUT_MS_CONFIG = "schema.registry.timeout.ms";
    private static final String REGISTRY_TIMEOUT_MS_DOC = "Connect and request timeout of one registry call.";
    public static final String REGISTRY_CACHE_SIZE_CONFIG = "schema.registry.cache.size";
    private static final String REGISTRY_CACHE_SIZE_DOC = "Schemas kept in memory by id.";
    public static final String SUBJECT_STRATEGY_CONFIG = "subject.name.strategy";
    private static final String SUBJECT_STRATEGY_DOC = "How a writer schema's subject must relate to the topic: "
            + "topic (<topic>-value), record (<record full name>) or topic-record (<topic>-<full name>).";
    public static final String RECORD_MAX_BYTES_CONFIG = "record.max.bytes";
    private static final String RECORD_MAX_BYTES_DOC = "Values larger than this are dead-lettered as TOO_LARGE.";

    public static final String CLICKHOUSE_URL_CONFIG = "clickhouse.url";
    private static final String CLICKHOUSE_URL_DOC = "ClickHouse HTTP(S) endpoint, e.g. http://host:8123.";
    public static final String CLICKHOUSE_USER_CONFIG = "clickhouse.user";
    private static final String CLICKHOUSE_USER_DOC = "ClickHouse user.";
    public static final String CLICKHOUSE_PASSWORD_CONFIG = "clickhouse.password";
    private static final String CLICKHOUSE_PASSWORD_DOC = "ClickHouse password (secret).";
    public static final String CLICKHOUSE_DATABASE_CONFIG = "clickhouse.database";
    private static final String CLICKHOUSE_DATABASE_DOC = "Database of the target tables.";
    public static final String CLICKHOUSE_CLUSTER_CONFIG = "clickhouse.cluster";
    private static final String CLICKHOUSE_CLUSTER_DOC = "Cluster of the ON CLUSTER clause of the ALTER TABLE that "
            + "schema.evolution=add-columns runs; empty: no ON CLUSTER.";
    public static final String TABLE_CONFIG = "table";
    private static final String TABLE_DOC = "Default target table for records no route claims (empty: such "
            + "records are dead-lettered as NO_ROUTE).";

    public static final String BLOCK_MAX_ROWS_CONFIG = "block.max.rows";
    private static final String BLOCK_MAX_ROWS_DOC = "A block closes at this many rows.";
    public static final String BLOCK_MAX_BYTES_CONFIG = "block.max.bytes";
    private static final String BLOCK_MAX_BYTES_DOC = "A block closes at this many uncompressed RowBinary bytes.";
    public static final String BLOCK_LINGER_MS_CONFIG = "block.linger.ms";
    private static final String BLOCK_LINGER_MS_DOC = "A block closes when its first row is this old (and at every "
            + "commit).";
    public static final String DEDUP_NAMESPACE_CONFIG = "dedup.namespace";
    private static final String DEDUP_NAMESPACE_DOC = "Prefix of every insert_deduplication_token, so two "
            + "deployments writing one table never collide. Empty: application.id.";
    public static final String LEDGER_TOPIC_CONFIG = "ledger.topic";
    private static final String LEDGER_TOPIC_DOC = "Compacted intent-ledger topic. Empty: <application.id>-chute-ledger.";
    public static final String LEDGER_REPLICATION_CONFIG = "ledger.replication.factor";
    private static final String LEDGER_REPLICATION_DOC = "Replication factor when chute creates the ledger topic.";
    public static final String INSERT_THREADS_CONFIG = "insert.threads";
    private static final String INSERT_THREADS_DOC = "Most threads inserting blocks (off the stream threads); "
            + "started as blocks wait, stopped after a minute idle. They mostly wait on ClickHouse and ledger "
            + "transactions, so many lanes need many (issue 10: 2 serialized 64 tasks' blocks).";
    public static final String INSERT_MAX_IN_FLIGHT_CONFIG = "insert.max.in.flight.per.partition";
    private static final String INSERT_MAX_IN_FLIGHT_DOC = "Closed blocks queued per (table, partition) before the "
            + "stream thread waits.";
    public static final String INSERT_BACKOFF_MS_CONFIG = "insert.retry.backoff.ms";
    private static final String INSERT_BACKOFF_MS_DOC = "First retry delay of a retryable insert failure.";
    public static final String INSERT_BACKOFF_MAX_MS_CONFIG = "insert.retry.backoff.max.ms";
    private static final String INSERT_BACKOFF_MAX_MS_DOC = "Retry delay cap (exponential backoff, full jitter).";
    public static final String INSERT_MAX_ATTEMPTS_CONFIG = "insert.retry.max.attempts";
    private static final String INSERT_MAX_ATTEMPTS_DOC = "Attempts per block; -1 retries forever (never drops data).";

    public static final String RULES_REQUIRED_CONFIG = "rules.required.fields";
    private static final String RULES_REQUIRED_DOC = "Fields (dotted paths) that must be present and non-null; "
            + "violations are dead-lettered as rule_violation.";
    public static final String RULES_TIMESTAMP_FIELD_CONFIG = "rules.timestamp.field";
    private static final String RULES_TIMESTAMP_FIELD_DOC = "Timestamp field (timestamp-millis/micros or epoch millis) "
            + "that must lie within [now - max.past, now + max.future]; empty disables the rule.";
    public static final String RULES_TIMESTAMP_MAX_PAST_MS_CONFIG = "rules.timestamp.max.past.ms";
    private static final String RULES_TIMESTAMP_MAX_PAST_MS_DOC = "Oldest accepted timestamp, as an age.";
    public static final String RULES_TIMESTAMP_MAX_FUTURE_MS_CONFIG = "rules.timestamp.max.future.ms";
    private static final String RULES_TIMESTAMP_MAX_FUTURE_MS_DOC = "Furthest accepted timestamp in the future.";
    public static final String RULES_STRING_LENGTH_CONFIG = "rules.string.length";
    private static final String RULES_STRING_LENGTH_DOC = "String length bounds, as field:min:max entries "
            + "(e.g. country:2:2,payload:0:4096).";
    public static final String READER_SCHEMA_FILE_CONFIG = "reader.schema.file";
    private static final String READER_SCHEMA_FILE_DOC = "Optional .avsc every record is resolved to (Avro schema "
            + "resolution: defaults, promotions); writers that cannot resolve are dead-lettered as "
            + "incompatible_schema. Empty: each record keeps its writer schema.";

    public static final String SCHEMA_EVOLUTION_CONFIG = "schema.evolution";
    private static final String SCHEMA_EVOLUTION_DOC = "When a writer schema has a field the table lacks: "
            + "add-columns (ALTER TABLE ADD COLUMN IF NOT EXISTS), ignore, or dead-letter.";
    public static final String METRICS_PORT_CONFIG = "metrics.port";
    private static final String METRICS_PORT_DOC = "Port of /metrics and /health; -1 disables the endpoint. Bound "
            + "first at start (a port in use stops the instance before it joins the group), so instances sharing a "
            + "host need different ports: the one setting that differs per instance.";
    public static final String HEALTH_WEDGED_AFTER_MS_CONFIG = "health.wedged.after.ms";
    private static final String HEALTH_WEDGED_AFTER_MS_DOC = "/health/live fails when source partitions have lag "
            + "but neither an offset commit nor a landed block happened for this long (the instance is wedged).";
    public static final String HEALTH_CHECK_INTERVAL_MS_CONFIG = "health.check.interval.ms";
    private static final String HEALTH_CHECK_INTERVAL_MS_DOC = "/health/ready pings ClickHouse and the schema "
            + "registry at most this often and answers from the cached result in between.";
    // --- issue 13: failover (static membership, graceful shutdown) ---
    public static final String INSTANCE_ID_CONFIG = "instance.id";
    private static final String INSTANCE_ID_DOC = "Stable identity of this instance across restarts, used as Kafka "
            + "static membership (group.instance.id, one per stream thread: <id>-<n>): an instance that comes back "
            + "within the session timeout takes its tasks back without a rebalance. 'auto' (default): the HOSTNAME "
            + "environment variable when it ends in -<ordinal> (a StatefulSet pod name), otherwise none. 'none': "
            + "dynamic membership (a restart is a new member; the dead one is noticed after the session timeout). "
            + "Must be unique among live instances: a second instance with the same id fences the first.";
    public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout.ms";
    private static final String SHUTDOWN_TIMEOUT_MS_DOC = "On SIGTERM/SIGINT chute lands every open block, commits "
            + "and stops within this time; past it (or on a second signal) it exits without committing the rows not "
            + "yet landed, which are read again after the restart (nothing is lost).";

    // issue 10: scale (memory budget, blocks per second per table)
    public static final String BUFFER_MEMORY_BYTES_CONFIG = "buffer.memory.bytes";
    private static final String BUFFER_MEMORY_BYTES_DOC = "Budget for rows held in open and in-flight blocks (array "
            + "capacity), across every lane of the instance. Above 3/4 of it the largest open blocks are submitted "
            + "early; above it the stream thread waits for inserts to land (backpressure, chute.backpressure.waits). "
            + "Kafka Streams' input buffers (fetch bytes and queued records per partition) are sized to about a "
            + "quarter of it beyond it, from the source partitions. -1: 30% of the max heap.";
    public static final String INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG = "insert.max.per.second.per.table";
    private static final String INSERT_MAX_PER_SECOND_PER_TABLE_DOC = "Blocks of one table an instance inserts per "
            + "second at low volume: the linger of a table's lanes grows to (open lanes / this) seconds when that "
            + "exceeds block.linger.ms, and offset commits then keep such blocks open (the partition's offset is "
            + "committed at the block's first row). Full blocks go at once.";
    public static final String TEST_FAULTS_CONFIG = "test.faults";
    private static final String TEST_FAULTS_DOC = "Test-only fault hooks (e.g. crash-after-insert:0.01). Never set "
            + "in production.";

    // --- issue 11: insert settings, dedup chain and Kafka position columns ---
    public static final String DEDUP_WINDOW_MIN_SECONDS_CONFIG = "dedup.window.min.seconds";
    private static final String DEDUP_WINDOW_MIN_SECONDS_DOC = "Least replicated_deduplication_window_seconds "
            + "every Replicated* and Shared* table on a target's chain must have (chute refuses to start below it): a "
            + "block re-inserted after a crash is only deduplicated while the table still remembers its token.";
    public static final String KAFKA_COLUMN_TOPIC_CONFIG = "kafka.column.topic";
    public static final String KAFKA_COLUMN_PARTITION_CONFIG = "kafka.column.partition";
    public static final String KAFKA_COLUMN_OFFSET_CONFIG = "kafka.column.offset";
    public static final String KAFKA_COLUMN_TIMESTAMP_CONFIG = "kafka.column.timestamp";
    private static final String KAFKA_COLUMN_DOC = "Name of the column filled with the record's Kafka %s whenever "
            + "a target table has it (instead of from the Avro field of that name); empty: never filled.";

    private static void defineExactness(ConfigDef def) {
        def.define(DEDUP_WINDOW_MIN_SECONDS_CONFIG, Type.LONG, 3600L, Range.atLeast(0L), Importance.MEDIUM,
                DEDUP_WINDOW_MIN_SECONDS_DOC);
        def.define(KAFKA_COLUMN_TOPIC_CONFIG, Type.STRING, "_topic", Importance.LOW,
                String.format(KAFKA_COLUMN_DOC, "topic (String)"));
        def.define(KAFKA_COLUMN_PARTITION_CONFIG, Type.STRING, "_partition", Importance.LOW,
                String.format(KAFKA_COLUMN_DOC, "partition (an integer type)"));
        def.define(KAFKA_COLUMN_OFFSET_CONFIG, Type.STRING, "_offset", Importance.LOW,
                String.format(KAFKA_COLUMN_DOC, "offset (Int64/UInt64)"));
        def.define(KAFKA_COLUMN_TIMESTAMP_CONFIG, Type.STRING, "_timestamp", Importance.LOW,
                String.format(KAFKA_COLUMN_DOC, "timestamp (DateTime64/DateTime, or Int64 epoch millis)"));
    }

    /** Every INSERT's settings: the pinned ones and the validated {@code clickhouse.settings.*} pass-through. */
    public ClickHouseSettings clickHouseSettings() {
        return ClickHouseSettings.of(originalsWithPrefix(ClickHouseSettings.PREFIX));
    }
    // --- end issue 11 ---

    private static final ConfigDef CONFIG = buildDefinition();

    public ChuteConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        RouteConfig.parse(this); // fails fast on malformed routes
        clickHouseSettings(); // fails fast on settings that would break exactness (issue 11)
    }

    public static ChuteConfig fromProperties(Properties props) {
        return new ChuteConfig(props);
    }

    public static ConfigDef definition() {
        return new ConfigDef(CONFIG);
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public String dedupNamespace() {
        String ns = getString(DEDUP_NAMESPACE_CONFIG);
        return ns.isEmpty() ? applicationId() : ns;
    }

    public String ledgerTopic() {
        String topic = getString(LEDGER_TOPIC_CONFIG);
        return topic.isEmpty() ? applicationId() + "-chute-ledger" : topic;
    }

    public List<String> sourceTopics() {
        return getList(SOURCE_TOPICS_CONFIG);
    }

    /** Kafka Streams overrides given as {@code streams.*}. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }

    /** The effective configuration as text, secrets masked, one key per line, sorted. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        values().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
        originals().keySet().stream()
                .filter(k -> k.startsWith(STREAMS_PREFIX) || k.startsWith(ROUTE_PREFIX)
                        || k.startsWith(ClickHouseSettings.PREFIX))
                .sorted()
                .forEach(k -> out.append(k).append(" = ").append(maskIfSecret(k)).append('\n'));
        return out.toString();
    }

    private Object maskIfSecret(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        boolean secret = lower.contains("password") || lower.contains("secret") || lower.contains("token")
                || lower.contains("sasl.jaas") || CLIENT_SECRETS.stream().anyMatch(lower::endsWith);
        return secret ? "[hidden]" : originals().get(key);
    }

    /**
     * Keys the Kafka clients and Streams define as PASSWORD (e.g. {@code ssl.keystore.key}, a private key, and
     * {@code ...private.key.passphrase}, which no name pattern above catches); matched as a suffix so client
     * prefixes such as {@code main.consumer.} are covered.
     */
    private static final java.util.Set<String> CLIENT_SECRETS = java.util.stream.Stream.of(
                    org.apache.kafka.clients.producer.ProducerConfig.configDef(),
                    org.apache.kafka.clients.consumer.ConsumerConfig.configDef(),
                    org.apache.kafka.clients.admin.AdminClientConfig.configDef(),
                    org.apache.kafka.streams.StreamsConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(k -> k.type == Type.PASSWORD)
            .map(k -> k.name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static ConfigDef buildDefinition() {
        ConfigDef def = new ConfigDef();
        def.define(APPLICATION_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, APPLICATION_ID_DOC);
        def.define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(),
                Importance.HIGH, BOOTSTRAP_SERVERS_DOC);
        def.define(SOURCE_TOPICS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), Importance.HIGH,
                SOURCE_TOPICS_DOC);
        def.define(DLQ_TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, DLQ_TOPIC_DOC);
        def.define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, "exactly_once_v2",
                ValidString.in("exactly_once_v2", "at_least_once"), Importance.HIGH, PROCESSING_GUARANTEE_DOC);
        def.define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 5000L, Range.between(100L, 600_000L), Importance.MEDIUM,
                COMMIT_INTERVAL_MS_DOC);
        def.define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM,
                NUM_STREAM_THREADS_DOC);
        defineRegistry(def);
        defineClickHouse(def);
        defineBlocks(def);
        defineRules(def);
        def.define(SCHEMA_EVOLUTION_CONFIG, Type.STRING, "ignore", ValidString.in("add-columns", "ignore",
                "dead-letter"), Importance.MEDIUM, SCHEMA_EVOLUTION_DOC);
        def.define(METRICS_PORT_CONFIG, Type.INT, -1, Range.between(-1, 65535), Importance.LOW, METRICS_PORT_DOC);
        def.define(HEALTH_WEDGED_AFTER_MS_CONFIG, Type.LONG, 300_000L, Range.atLeast(1000L), Importance.LOW,
                HEALTH_WEDGED_AFTER_MS_DOC);
        def.define(HEALTH_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, Range.between(100L, 600_000L),
                Importance.LOW, HEALTH_CHECK_INTERVAL_MS_DOC);
        // issue 13: failover
        def.define(INSTANCE_ID_CONFIG, Type.STRING, "auto", Importance.MEDIUM, INSTANCE_ID_DOC);
        def.define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(1000L, 3_600_000L),
                Importance.MEDIUM, SHUTDOWN_TIMEOUT_MS_DOC);
        def.define(TEST_FAULTS_CONFIG, Type.STRING, "", Importance.LOW, TEST_FAULTS_DOC);
        defineExactness(def);
        // issue 10: scale
        def.define(BUFFER_MEMORY_BYTES_CONFIG, Type.LONG, -1L, ConfigDef.LambdaValidator.with((name, value) -> {
            long v = (Long) value;
            if (v != -1 && v < 1024 * 1024) {
                throw new ConfigException(name, value, "-1 or at least 1 MiB");
            }
        }, () -> "-1 or >= 1048576"), Importance.MEDIUM, BUFFER_MEMORY_BYTES_DOC);
        def.define(INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG, Type.DOUBLE, 2.0, Range.between(0.01, 10_000.0),
                Importance.MEDIUM, INSERT_MAX_PER_SECOND_PER_TABLE_DOC);
        return def;
    }

    private static void defineRules(ConfigDef def) {
        def.define(RULES_REQUIRED_CONFIG, Type.LIST, "", Importance.MEDIUM, RULES_REQUIRED_DOC);
        def.define(RULES_TIMESTAMP_FIELD_CONFIG, Type.STRING, "", Importance.MEDIUM, RULES_TIMESTAMP_FIELD_DOC);
        def.define(RULES_TIMESTAMP_MAX_PAST_MS_CONFIG, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(0L),
                Importance.LOW, RULES_TIMESTAMP_MAX_PAST_MS_DOC);
        def.define(RULES_TIMESTAMP_MAX_FUTURE_MS_CONFIG, Type.LONG, 3600L * 1000, Range.atLeast(0L),
                Importance.LOW, RULES_TIMESTAMP_MAX_FUTURE_MS_DOC);
        def.define(RULES_STRING_LENGTH_CONFIG, Type.LIST, "", ConfigDef.LambdaValidator.with((name, value) -> {
            for (Object entry : (List<?>) value) {
                String[] parts = entry.toString().split(":");
                if (parts.length != 3 || !parts[1].matches("\\d+") || !parts[2].matches("\\d+")) {
                    throw new ConfigException(name, entry, "expected field:min:max");
                }
            }
        }, () -> "field:min:max list"), Importance.LOW, RULES_STRING_LENGTH_DOC);
        def.define(READER_SCHEMA_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, READER_SCHEMA_FILE_DOC);
    }

    private static ConfigDef.Validator nonEmptyList() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "at least one entry is required");
            }
        }, () -> "non-empty list");
    }

    private static void defineRegistry(ConfigDef def) {
        def.define(REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new UrlValidator(),
                Importance.HIGH, REGISTRY_URL_DOC);
        def.define(REGISTRY_BASIC_AUTH_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, REGISTRY_BASIC_AUTH_DOC);
        def.define(REGISTRY_BEARER_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, REGISTRY_BEARER_TOKEN_DOC);
        def.define(REGISTRY_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.between(100, 600_000), Importance.LOW,
                REGISTRY_TIMEOUT_MS_DOC);
        def.define(REGISTRY_CACHE_SIZE_CONFIG, Type.INT, 10_000, Range.atLeast(16), Importance.LOW,
                REGISTRY_CACHE_SIZE_DOC);
        def.define(SUBJECT_STRATEGY_CONFIG, Type.STRING, "topic", ValidString.in("topic", "record", "topic-record"),
                Importance.MEDIUM, SUBJECT_STRATEGY_DOC);
        def.define(RECORD_MAX_BYTES_CONFIG, Type.INT, 1024 * 1024, Range.atLeast(16), Importance.MEDIUM,
                RECORD_MAX_BYTES_DOC);
    }

    private static void defineClickHouse(ConfigDef def) {
        def.define(CLICKHOUSE_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new UrlValidator(),
                Importance.HIGH, CLICKHOUSE_URL_DOC);
        def.define(CLICKHOUSE_USER_CONFIG, Type.STRING, "default", Importance.HIGH, CLICKHOUSE_USER_DOC);
        def.define(CLICKHOUSE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, CLICKHOUSE_PASSWORD_DOC);
        def.define(CLICKHOUSE_DATABASE_CONFIG, Type.STRING, "default", new ConfigDef.NonEmptyString(),
                Importance.HIGH, CLICKHOUSE_DATABASE_DOC);
        def.define(CLICKHOUSE_CLUSTER_CONFIG, Type.STRING, "", Importance.LOW, CLICKHOUSE_CLUSTER_DOC);
        def.define(TABLE_CONFIG, Type.STRING, "", Importance.HIGH, TABLE_DOC);
    }

    private static void defineBlocks(ConfigDef def) {
        def.define(BLOCK_MAX_ROWS_CONFIG, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.MEDIUM,
                BLOCK_MAX_ROWS_DOC);
        def.define(BLOCK_MAX_BYTES_CONFIG, Type.LONG, 16L * 1024 * 1024, Range.between(1024L, 1L << 30),
                Importance.MEDIUM, BLOCK_MAX_BYTES_DOC);
        def.define(BLOCK_LINGER_MS_CONFIG, Type.LONG, 1000L, Range.between(1L, 600_000L), Importance.MEDIUM,
                BLOCK_LINGER_MS_DOC);
        def.define(DEDUP_NAMESPACE_CONFIG, Type.STRING, "", Importance.MEDIUM, DEDUP_NAMESPACE_DOC);
        def.define(LEDGER_TOPIC_CONFIG, Type.STRING, "", Importance.MEDIUM, LEDGER_TOPIC_DOC);
        def.define(LEDGER_REPLICATION_CONFIG, Type.SHORT, (short) -1, Importance.LOW, LEDGER_REPLICATION_DOC);
        def.define(INSERT_THREADS_CONFIG, Type.INT, 16, Range.between(1, 256), Importance.MEDIUM, INSERT_THREADS_DOC);
        def.define(INSERT_MAX_IN_FLIGHT_CONFIG, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                INSERT_MAX_IN_FLIGHT_DOC);
        def.define(INSERT_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.between(1L, 60_000L), Importance.LOW,
                INSERT_BACKOFF_MS_DOC);
        def.define(INSERT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.between(1L, 3_600_000L), Importance.LOW,
                INSERT_BACKOFF_MAX_MS_DOC);
        def.define(INSERT_MAX_ATTEMPTS_CONFIG, Type.INT, -1, Range.atLeast(-1), Importance.LOW,
                INSERT_MAX_ATTEMPTS_DOC);
    }

    /** Accepts http:// and https:// URLs. */
    private static final class UrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString();
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(name, value, "must be an http:// or https:// URL");
            }
        }

        @Override
        public String toString() {
            return "http(s) URL";
        }
    }
}
