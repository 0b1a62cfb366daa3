package io.chute.config;

import static io.chute.config.ChuteConfig.APPLICATION_ID_CONFIG;
import static io.chute.config.ChuteConfig.AT_LEAST_ONCE;
import static io.chute.config.ChuteConfig.BOOTSTRAP_SERVERS_CONFIG;
import static io.chute.config.ChuteConfig.COMMIT_INTERVAL_MS_CONFIG;
import static io.chute.config.ChuteConfig.DLQ_TOPIC_CONFIG;
import static io.chute.config.ChuteConfig.EXACTLY_ONCE_V2;
import static io.chute.config.ChuteConfig.INSTANCE_ID_AUTO;
import static io.chute.config.ChuteConfig.INSTANCE_ID_CONFIG;
import static io.chute.config.ChuteConfig.KAFKA_COLUMN_OFFSET_CONFIG;
import static io.chute.config.ChuteConfig.KAFKA_COLUMN_PARTITION_CONFIG;
import static io.chute.config.ChuteConfig.KAFKA_COLUMN_TIMESTAMP_CONFIG;
import static io.chute.config.ChuteConfig.KAFKA_COLUMN_TOPIC_CONFIG;
import static io.chute.config.ChuteConfig.NUM_STREAM_THREADS_CONFIG;
import static io.chute.config.ChuteConfig.PROCESSING_GUARANTEE_CONFIG;
import static io.chute.config.ChuteConfig.SOURCE_TOPICS_CONFIG;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** Kafka: the source, the dead-letter topic, Kafka Streams and group membership, Kafka position columns. */
final class KafkaConfigDef {
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: consumer group, transactional id "
            + "prefix and the default dedup namespace. All instances of one deployment share it.";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port].";
    private static final String SOURCE_TOPICS_DOC = "Topics to ingest. Routes may narrow which topic feeds which "
            + "table.";
    private static final String DLQ_TOPIC_DOC = "Dead-letter topic: invalid records with their original key, value "
            + "and headers plus reason headers.";
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default: dead letters are exact too) "
            + "or at_least_once. ClickHouse rows are exact under both (ledger + dedup tokens).";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often offsets commit. Every commit first lands the "
            + "pending blocks, so this bounds the age of a partial block, except for blocks held open across commits "
            + "by insert.max.per.second.per.table (their offsets stay uncommitted meanwhile).";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads per instance.";
    // issue 13: failover (static membership)
    private static final String INSTANCE_ID_DOC = "Stable identity of this instance across restarts, used as Kafka "
            + "static membership (group.instance.id, one per stream thread: <id>-<n>): an instance that comes back "
            + "within the session timeout takes its tasks back without a rebalance. 'auto' (default): the HOSTNAME "
            + "environment variable when it ends in -<ordinal> (a StatefulSet pod name), otherwise none. 'none': "
            + "dynamic membership (a restart is a new member; the dead one is noticed after the session timeout). "
            + "Must be unique among live instances: a second instance with the same id fences the first.";
    // issue 11: Kafka position columns
    private static final String KAFKA_COLUMN_DOC = "Name of the column filled with the record's Kafka %s whenever "
            + "a target table has it (instead of from the Avro field of that name); empty: never filled.";

    private KafkaConfigDef() {
    }

    static void define(ConfigDef def) {
        new ChuteConfigDef.Group(def, "Kafka")
                .define(APPLICATION_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        ChuteConfigDef.nonEmptyList(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
                .define(SOURCE_TOPICS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ChuteConfigDef.nonEmptyList(),
                        Importance.HIGH, SOURCE_TOPICS_DOC)
                .define(DLQ_TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, DLQ_TOPIC_DOC)
                .define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, EXACTLY_ONCE_V2,
                        ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE), Importance.HIGH, PROCESSING_GUARANTEE_DOC)
                .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 5000L, Range.between(100L, 600_000L),
                        Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
                .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM,
                        NUM_STREAM_THREADS_DOC)
                .define(INSTANCE_ID_CONFIG, Type.STRING, INSTANCE_ID_AUTO, Importance.MEDIUM, INSTANCE_ID_DOC)
                .define(KAFKA_COLUMN_TOPIC_CONFIG, Type.STRING, "_topic", Importance.LOW,
                        String.format(KAFKA_COLUMN_DOC, "topic (String)"))
                .define(KAFKA_COLUMN_PARTITION_CONFIG, Type.STRING, "_partition", Importance.LOW,
                        String.format(KAFKA_COLUMN_DOC, "partition (an integer type)"))
                .define(KAFKA_COLUMN_OFFSET_CONFIG, Type.STRING, "_offset", Importance.LOW,
                        String.format(KAFKA_COLUMN_DOC, "offset (Int64/UInt64)"))
                .define(KAFKA_COLUMN_TIMESTAMP_CONFIG, Type.STRING, "_timestamp", Importance.LOW,
                        String.format(KAFKA_COLUMN_DOC, "timestamp (DateTime64/DateTime, or Int64 epoch millis)"));
    }
}
