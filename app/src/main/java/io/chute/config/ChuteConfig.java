package io.chute.config;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * chute's one typed configuration, in Kafka's {@link ConfigDef} style: every key has a type, a default, a validator
 * and a doc line. Construction fails fast with a {@link ConfigException} that names the bad key. Keys of type
 * {@link Type#PASSWORD} print as {@code [hidden]}.
 *
 * <p>This class holds the key names, the values of enumerated keys (next to their key) and the typed accessors;
 * {@link ChuteConfigDef} and its group classes hold each key's type, default, validator and doc. Accessors parse a
 * value once, here, so no caller compares a configured string.
 *
 * <p>Keys prefixed {@value #STREAMS_PREFIX} are passed to Kafka Streams (and its clients) verbatim, without the
 * prefix; {@value #ROUTE_PREFIX}{@code <name>.*} keys define routes (see {@link RouteConfig}).
 */
public final class ChuteConfig extends AbstractConfig {
    public static final String STREAMS_PREFIX = "streams.";
    public static final String ROUTE_PREFIX = "route.";

    // Kafka (KafkaConfigDef)
    public static final String APPLICATION_ID_CONFIG = "application.id";
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String SOURCE_TOPICS_CONFIG = "source.topics";
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;
    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
    public static final String INSTANCE_ID_CONFIG = "instance.id";
    /** {@code instance.id}: the HOSTNAME when it looks like a StatefulSet pod name, otherwise none. */
    public static final String INSTANCE_ID_AUTO = "auto";
    /** {@code instance.id}: dynamic membership. */
    public static final String INSTANCE_ID_NONE = "none";
    public static final String KAFKA_COLUMN_TOPIC_CONFIG = "kafka.column.topic";
    public static final String KAFKA_COLUMN_PARTITION_CONFIG = "kafka.column.partition";
    public static final String KAFKA_COLUMN_OFFSET_CONFIG = "kafka.column.offset";
    public static final String KAFKA_COLUMN_TIMESTAMP_CONFIG = "kafka.column.timestamp";

    // schema registry (RegistryConfigDef)
    public static final String REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String REGISTRY_BASIC_AUTH_CONFIG = "schema.registry.basic.auth.user.info";
    public static final String REGISTRY_BEARER_TOKEN_CONFIG = "schema.registry.bearer.token";
    public static final String REGISTRY_TIMEOUT_MS_CONFIG = "schema.registry.timeout.ms";
    public static final String REGISTRY_CACHE_SIZE_CONFIG = "schema.registry.cache.size";
    public static final String SUBJECT_STRATEGY_CONFIG = "subject.name.strategy";
    public static final String SUBJECT_STRATEGY_TOPIC = "topic";
    public static final String SUBJECT_STRATEGY_RECORD = "record";
    public static final String SUBJECT_STRATEGY_TOPIC_RECORD = "topic-record";
    public static final String RECORD_MAX_BYTES_CONFIG = "record.max.bytes";

    // ClickHouse (ClickHouseConfigDef)
    public static final String CLICKHOUSE_URL_CONFIG = "clickhouse.url";
    public static final String CLICKHOUSE_USER_CONFIG = "clickhouse.user";
    public static final String CLICKHOUSE_PASSWORD_CONFIG = "clickhouse.password";
    public static final String CLICKHOUSE_DATABASE_CONFIG = "clickhouse.database";
    public static final String CLICKHOUSE_CLUSTER_CONFIG = "clickhouse.cluster";
    public static final String TABLE_CONFIG = "table";

    // blocks, inserts, ledger (SinkConfigDef)
    public static final String BLOCK_MAX_ROWS_CONFIG = "block.max.rows";
    public static final String BLOCK_MAX_BYTES_CONFIG = "block.max.bytes";
    public static final String BLOCK_LINGER_MS_CONFIG = "block.linger.ms";
    public static final String INSERT_THREADS_CONFIG = "insert.threads";
    public static final String INSERT_MAX_IN_FLIGHT_CONFIG = "insert.max.in.flight.per.partition";
    public static final String INSERT_BACKOFF_MS_CONFIG = "insert.retry.backoff.ms";
    public static final String INSERT_BACKOFF_MAX_MS_CONFIG = "insert.retry.backoff.max.ms";
    public static final String INSERT_TIMEOUT_MS_CONFIG = "insert.timeout.ms";
    public static final String INSERT_MAX_ATTEMPTS_CONFIG = "insert.retry.max.attempts";
    /** {@code insert.retry.max.attempts}: retry a block until it lands (never drops data). */
    public static final int INSERT_RETRY_FOREVER = -1;
    public static final String INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG = "insert.max.per.second.per.table";
    public static final String INSERT_SCOPE_CONFIG = "insert.scope";
    /** {@value #INSERT_SCOPE_THREAD} under exactly_once_v2 and the classic group protocol, else {@value #INSERT_SCOPE_LANE}. */
    public static final String INSERT_SCOPE_AUTO = "auto";
    /** Each lane (table, topic, partition) inserts its own blocks (topology-docs/DESIGN.md). */
    public static final String INSERT_SCOPE_LANE = "lane";
    /** A stream thread's lanes of a table go in one insert per commit (topology-docs/GROUPED-INSERTS.md). */
    public static final String INSERT_SCOPE_THREAD = "thread";
    public static final String DEDUP_NAMESPACE_CONFIG = "dedup.namespace";
    public static final String DEDUP_WINDOW_MIN_SECONDS_CONFIG = "dedup.window.min.seconds";
    public static final String LEDGER_TOPIC_CONFIG = "ledger.topic";
    public static final String LEDGER_REPLICATION_CONFIG = "ledger.replication.factor";

    // validation and schema evolution (ValidationConfigDef)
    public static final String RULES_REQUIRED_CONFIG = "rules.required.fields";
    public static final String RULES_TIMESTAMP_FIELD_CONFIG = "rules.timestamp.field";
    public static final String RULES_TIMESTAMP_MAX_PAST_MS_CONFIG = "rules.timestamp.max.past.ms";
    public static final String RULES_TIMESTAMP_MAX_FUTURE_MS_CONFIG = "rules.timestamp.max.future.ms";
    public static final String RULES_STRING_LENGTH_CONFIG = "rules.string.length";
    public static final String READER_SCHEMA_FILE_CONFIG = "reader.schema.file";
    public static final String SCHEMA_EVOLUTION_CONFIG = "schema.evolution";
    public static final String SCHEMA_EVOLUTION_ADD_COLUMNS = "add-columns";
    public static final String SCHEMA_EVOLUTION_IGNORE = "ignore";
    public static final String SCHEMA_EVOLUTION_DEAD_LETTER = "dead-letter";

    // operations (OpsConfigDef)
    public static final String METRICS_PORT_CONFIG = "metrics.port";
    public static final String HEALTH_WEDGED_AFTER_MS_CONFIG = "health.wedged.after.ms";
    public static final String HEALTH_CHECK_INTERVAL_MS_CONFIG = "health.check.interval.ms";
    public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout.ms";
    public static final String BUFFER_MEMORY_BYTES_CONFIG = "buffer.memory.bytes";
    public static final String BUFFER_MEMORY_PAUSE_PARTITIONS_CONFIG = "buffer.memory.pause.partitions";
    public static final String TEST_FAULTS_CONFIG = "test.faults";
    /** A {@code test.faults} value, as the key's doc shows it (a test parses it). */
    public static final String TEST_FAULTS_EXAMPLE = "crash-after-insert=0.01,stall-while-file=/tmp/stall";

    private static final ConfigDef CONFIG = ChuteConfigDef.build();

    public ChuteConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        ChuteConfigDef.checkAcrossKeys(this);
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

    /**
     * Grouped inserts: {@code insert.scope} is {@value #INSERT_SCOPE_THREAD}, or {@value #INSERT_SCOPE_AUTO} where
     * they can run (exactly_once_v2, the classic group protocol).
     */
    public boolean groupedInserts() {
        String scope = getString(INSERT_SCOPE_CONFIG);
        if (INSERT_SCOPE_AUTO.equals(scope)) {
            Object protocol = streamsOverrides().get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
            return exactlyOnce() && (protocol == null || "classic".equalsIgnoreCase(String.valueOf(protocol)));
        }
        return INSERT_SCOPE_THREAD.equals(scope);
    }

    /** The commit interval Kafka Streams runs with: under grouped inserts, which cut at commits, their linger too. */
    public long streamsCommitIntervalMs() {
        long commit = getLong(COMMIT_INTERVAL_MS_CONFIG);
        return groupedInserts() ? Math.min(commit, getLong(BLOCK_LINGER_MS_CONFIG)) : commit;
    }

    /** {@code processing.guarantee} is exactly_once_v2 (else at_least_once). */
    public boolean exactlyOnce() {
        return EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE_CONFIG));
    }

    /** {@code schema.evolution}, parsed. */
    public SchemaEvolution schemaEvolution() {
        return SchemaEvolution.of(getString(SCHEMA_EVOLUTION_CONFIG));
    }

    /**
     * {@code insert.retry.max.attempts}: attempts per block before the insert fails fatally, or
     * {@link #INSERT_RETRY_FOREVER}.
     */
    public int insertMaxAttempts() {
        return getInt(INSERT_MAX_ATTEMPTS_CONFIG);
    }

    /** {@code rules.string.length}, parsed. */
    public List<StringLengthBound> stringLengthBounds() {
        return getList(RULES_STRING_LENGTH_CONFIG).stream()
                .map(entry -> StringLengthBound.parse(RULES_STRING_LENGTH_CONFIG, entry)).toList();
    }

    /** Every INSERT's settings: the pinned ones and the validated {@code clickhouse.settings.*} pass-through. */
    public ClickHouseSettings clickHouseSettings() {
        return ClickHouseSettings.of(originalsWithPrefix(ClickHouseSettings.PREFIX));
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
                .forEach(k -> out.append(k).append(" = ")
                        .append(SecretKeys.isSecret(k) ? "[hidden]" : originals().get(k)).append('\n'));
        return out.toString();
    }
}
