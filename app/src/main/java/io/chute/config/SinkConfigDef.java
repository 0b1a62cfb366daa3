package io.chute.config;

import static io.chute.config.ChuteConfig.BLOCK_LINGER_MS_CONFIG;
import static io.chute.config.ChuteConfig.BLOCK_MAX_BYTES_CONFIG;
import static io.chute.config.ChuteConfig.BLOCK_MAX_ROWS_CONFIG;
import static io.chute.config.ChuteConfig.DEDUP_NAMESPACE_CONFIG;
import static io.chute.config.ChuteConfig.DEDUP_WINDOW_MIN_SECONDS_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_BACKOFF_MAX_MS_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_BACKOFF_MS_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_MAX_ATTEMPTS_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_MAX_IN_FLIGHT_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_RETRY_FOREVER;
import static io.chute.config.ChuteConfig.INSERT_SCOPE_AUTO;
import static io.chute.config.ChuteConfig.INSERT_SCOPE_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_SCOPE_LANE;
import static io.chute.config.ChuteConfig.INSERT_SCOPE_THREAD;
import static io.chute.config.ChuteConfig.INSERT_THREADS_CONFIG;
import static io.chute.config.ChuteConfig.INSERT_TIMEOUT_MS_CONFIG;
import static io.chute.config.ChuteConfig.LEDGER_REPLICATION_CONFIG;
import static io.chute.config.ChuteConfig.LEDGER_TOPIC_CONFIG;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/** How rows become blocks, how blocks are inserted, and the intent ledger and dedup tokens that make them exact. */
final class SinkConfigDef {
    private static final String BLOCK_MAX_ROWS_DOC = "A block closes at this many rows.";
    private static final String BLOCK_MAX_BYTES_DOC = "A block closes at this many uncompressed RowBinary bytes.";
    private static final String BLOCK_LINGER_MS_DOC = "A block closes when its first row is this old, and at every "
            + "commit unless insert.max.per.second.per.table lengthened its table's linger.";
    private static final String INSERT_THREADS_DOC = "Most threads inserting blocks (off the stream threads); "
            + "started as blocks wait, stopped after a minute idle. They mostly wait on ClickHouse and ledger "
            + "transactions, so many lanes need many (with 2, the blocks of 64 tasks went one after another). One "
            + "table's inserts use at most half of them (at least one), so a table whose inserts retry leaves the "
            + "rest to the others.";
    private static final String INSERT_MAX_IN_FLIGHT_DOC = "Blocks submitted and not yet landed per lane, a (table, "
            + "source topic, partition), before the stream thread waits.";
    private static final String INSERT_BACKOFF_MS_DOC = "First retry delay of a retryable insert failure.";
    private static final String INSERT_BACKOFF_MAX_MS_DOC = "Retry delay cap (exponential backoff, full jitter); at "
            + "least insert.retry.backoff.ms.";
    private static final String INSERT_TIMEOUT_MS_DOC = "How long one INSERT may take; past it the attempt fails "
            + "as retryable (the resend carries the same dedup token, so an INSERT that landed late is not doubled).";
    private static final String INSERT_MAX_ATTEMPTS_DOC = "Attempts per block (and per slice when a bad row is "
            + "bisected out) before the instance stops with an error, its rows uncommitted and read again after the "
            + "restart; -1 retries forever (never drops data).";
    private static final String DEDUP_NAMESPACE_DOC = "Prefix of every insert_deduplication_token, so two "
            + "deployments writing one table never collide. Empty: application.id.";
    private static final String LEDGER_TOPIC_DOC = "Compacted intent-ledger topic. Empty: "
            + "<application.id>-chute-ledger.";
    private static final String LEDGER_REPLICATION_DOC = "Replication factor when chute creates the ledger topic; "
            + "-1: the broker's default.replication.factor.";
    // issue 10: scale
    private static final String INSERT_MAX_PER_SECOND_PER_TABLE_DOC = "Blocks of one table an instance inserts per "
            + "second at low volume: the linger of a table's lanes grows to (open lanes / this) seconds when that "
            + "exceeds block.linger.ms, and offset commits then keep such blocks open (the partition's offset is "
            + "committed at the block's first row). Full blocks go at once.";
    private static final String INSERT_SCOPE_DOC = "thread: at each offset commit, a stream thread's blocks of a "
            + "table go in one INSERT (one part) under one token, whatever the number of partitions, and Streams "
            + "commits every min(commit.interval.ms, block.linger.ms); needs processing.guarantee=exactly_once_v2 "
            + "(the ledger entries ride in Streams' transaction) and the classic group protocol (topology-docs/"
            + "GROUPED-INSERTS.md). lane: every (table, topic, partition) inserts its own blocks, one part each, "
            + "with a fenced ledger producer per task (topology-docs/DESIGN.md). auto: thread where it can run, "
            + "else lane (at_least_once, the streams group protocol). insert.max.per.second.per.table applies to "
            + "lane only: under thread a table gets about one part per commit per stream thread.";
    // issue 11: dedup chain
    private static final String DEDUP_WINDOW_MIN_SECONDS_DOC = "Least replicated_deduplication_window_seconds "
            + "every Replicated* and Shared* table on a target's chain must have (chute refuses to start below it): a "
            + "block re-inserted after a crash is only deduplicated while the table still remembers its token.";

    private SinkConfigDef() {
    }

    static void define(ConfigDef def) {
        new ChuteConfigDef.Group(def, "blocks")
                .define(BLOCK_MAX_ROWS_CONFIG, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.MEDIUM,
                        BLOCK_MAX_ROWS_DOC)
                .define(BLOCK_MAX_BYTES_CONFIG, Type.LONG, 16L * 1024 * 1024, Range.between(1024L, 1L << 30),
                        Importance.MEDIUM, BLOCK_MAX_BYTES_DOC)
                .define(BLOCK_LINGER_MS_CONFIG, Type.LONG, 1000L, Range.between(1L, 600_000L), Importance.MEDIUM,
                        BLOCK_LINGER_MS_DOC);
        new ChuteConfigDef.Group(def, "insert")
                .define(INSERT_THREADS_CONFIG, Type.INT, 16, Range.between(1, 256), Importance.MEDIUM,
                        INSERT_THREADS_DOC)
                .define(INSERT_SCOPE_CONFIG, Type.STRING, INSERT_SCOPE_AUTO,
                        ValidString.in(INSERT_SCOPE_AUTO, INSERT_SCOPE_THREAD, INSERT_SCOPE_LANE), Importance.MEDIUM,
                        INSERT_SCOPE_DOC)
                .define(INSERT_MAX_IN_FLIGHT_CONFIG, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                        INSERT_MAX_IN_FLIGHT_DOC)
                .define(INSERT_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.between(1L, 60_000L), Importance.LOW,
                        INSERT_BACKOFF_MS_DOC)
                .define(INSERT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.between(1L, 3_600_000L),
                        Importance.LOW, INSERT_BACKOFF_MAX_MS_DOC)
                .define(INSERT_TIMEOUT_MS_CONFIG, Type.LONG, 300_000L, Range.between(1000L, 3_600_000L),
                        Importance.LOW, INSERT_TIMEOUT_MS_DOC)
                .define(INSERT_MAX_ATTEMPTS_CONFIG, Type.INT, INSERT_RETRY_FOREVER, foreverOrPositive(),
                        Importance.LOW, INSERT_MAX_ATTEMPTS_DOC)
                .define(INSERT_MAX_PER_SECOND_PER_TABLE_CONFIG, Type.DOUBLE, 2.0, Range.between(0.01, 10_000.0),
                        Importance.MEDIUM, INSERT_MAX_PER_SECOND_PER_TABLE_DOC);
        new ChuteConfigDef.Group(def, "ledger")
                .define(DEDUP_NAMESPACE_CONFIG, Type.STRING, "", Importance.MEDIUM, DEDUP_NAMESPACE_DOC)
                .define(LEDGER_TOPIC_CONFIG, Type.STRING, "", Importance.MEDIUM, LEDGER_TOPIC_DOC)
                .define(LEDGER_REPLICATION_CONFIG, Type.SHORT, (short) -1, brokerDefaultOrPositive(), Importance.LOW,
                        LEDGER_REPLICATION_DOC)
                .define(DEDUP_WINDOW_MIN_SECONDS_CONFIG, Type.LONG, 3600L, Range.atLeast(0L), Importance.MEDIUM,
                        DEDUP_WINDOW_MIN_SECONDS_DOC);
    }

    /** Kafka's NewTopic: -1 takes the broker's default; 0 or below -1 would fail only when the topic is created. */
    private static ConfigDef.Validator brokerDefaultOrPositive() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            short v = (Short) value;
            if (v != -1 && v < 1) {
                throw new ConfigException(name, value, "-1 (broker default) or at least 1");
            }
        }, () -> "-1 or >= 1");
    }

    /** One meaning per value: 0 attempts would mean nothing, so only -1 says "forever". */
    private static ConfigDef.Validator foreverOrPositive() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            int v = (Integer) value;
            if (v != INSERT_RETRY_FOREVER && v < 1) {
                throw new ConfigException(name, value, "-1 (retry forever) or at least 1");
            }
        }, () -> "-1 or >= 1");
    }
}
