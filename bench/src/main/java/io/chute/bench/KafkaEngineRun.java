package io.chute.bench;

import java.time.Duration;

/**
 * ClickHouse's own Kafka table engine over the same topic, inside the same local ClickHouse (chDB): a {@code Kafka}
 * table in {@code AvroConfluent} format against the same registry, and a materialized view into a MergeTree copy of
 * the target table. Measured from creating the view (consumers start then) until the copy holds N rows.
 *
 * <p>Never throws for ClickHouse's own refusals: a build without the engine or the format, a bad setting, or
 * consumers that land nothing come back as {@link Result#failure()} with ClickHouse's error text.
 */
final class KafkaEngineRun {
    static final String QUEUE = "events_kafka_queue";
    static final String COPY = "events_kafka";
    static final String VIEW = "events_kafka_mv";
    private static final String COLUMNS = "event_id UUID, ts DateTime64(3, 'UTC'), user_id Int64, "
            + "event_type String, payload String, amount Float64, country FixedString(2), session_ms Int32";
    private static final Duration STALL = Duration.ofSeconds(60);

    /** {@code failure} is null when all rows landed; otherwise ClickHouse's reason and the figures are partial. */
    record Result(int consumers, long rows, Duration wallFromStart, Duration wallFromFirstRow,
                  ResourceMeter.Usage usage, String failure) {
    }

    private final Bench.Setup setup;
    private final ClickHouseSql sql;

    KafkaEngineRun(Bench.Setup setup) {
        this.setup = setup;
        this.sql = setup.sql();
    }

    /** Consumes the whole topic, {@code topicRecords} records (the backlog plus any live phase's). */
    Result run(long topicRecords, int consumers, Duration timeout) throws InterruptedException {
        String db = setup.database();
        try {
            requireBuildSupport();
            sql.query(db, "CREATE TABLE " + COPY + " AS " + Bench.TABLE);
            sql.query(db, queueDdl(consumers));
        } catch (ClickHouseSql.ClickHouseSqlException e) {
            return new Result(consumers, 0, Duration.ZERO, Duration.ZERO, null, e.getMessage());
        }
        ResourceMeter meter = ResourceMeter.start(setup.brokerPid(), setup.registryPid());
        long t0 = System.nanoTime();
        try {
            sql.query(db, "CREATE MATERIALIZED VIEW " + VIEW + " TO " + COPY + " AS SELECT event_id, ts, user_id, "
                    + "event_type, payload, amount, country, session_ms FROM " + QUEUE);
        } catch (ClickHouseSql.ClickHouseSqlException e) {
            meter.close();
            return new Result(consumers, 0, Duration.ZERO, Duration.ZERO, null, e.getMessage());
        }
        return await(topicRecords, consumers, meter, t0, timeout);
    }

    private Result await(long n, int consumers, ResourceMeter meter, long t0, Duration timeout)
            throws InterruptedException {
        long first = -1;
        long rows = 0;
        long lastProgress = t0;
        String failure = null;
        while (rows < n) {
            Thread.sleep(100);
            long now = System.nanoTime();
            long seen = sql.count(setup.database(), COPY);
            if (seen > rows) {
                lastProgress = now;
                first = first < 0 ? now : first;
            }
            rows = seen;
            if (now - lastProgress > STALL.toNanos() || now - t0 > timeout.toNanos()) {
                failure = String.format("only %d of %d rows after %ds; %s", rows, n, (now - t0) / 1_000_000_000,
                        consumerErrors());
                break;
            }
        }
        long last = System.nanoTime();
        ResourceMeter.Usage usage = meter.stop();
        stopConsuming();
        return new Result(consumers, rows, Duration.ofNanos(last - t0),
                Duration.ofNanos(first < 0 ? 0 : last - first), usage, failure);
    }

    private void requireBuildSupport() {
        String engine = sql.query(null, "SELECT count() FROM system.table_engines WHERE name = 'Kafka'");
        String format = sql.query(null, "SELECT count() FROM system.formats WHERE name = 'AvroConfluent' "
                + "AND is_input");
        if (!"1".equals(engine) || !"1".equals(format)) {
            throw new ClickHouseSql.ClickHouseSqlException("this chDB build lacks " + ("1".equals(engine) ? ""
                    : "the Kafka table engine ") + ("1".equals(format) ? "" : "the AvroConfluent input format"));
        }
    }

    private String queueDdl(int consumers) {
        // ClickHouse refuses more consumers than physical cores unless told otherwise.
        boolean beyondCores = consumers > Runtime.getRuntime().availableProcessors();
        return "CREATE TABLE " + QUEUE + " (" + COLUMNS + ") ENGINE = Kafka SETTINGS "
                + "kafka_broker_list = '" + setup.bootstrap() + "', "
                + "kafka_topic_list = '" + setup.topic() + "', "
                + "kafka_group_name = 'clickhouse-" + setup.topic() + "', "
                + "kafka_format = 'AvroConfluent', "
                + "format_avro_schema_registry_url = '" + setup.registryUrl() + "', "
                + "kafka_num_consumers = " + consumers
                + (beyondCores ? ", kafka_disable_num_consumers_limit = 1" : "");
    }

    /** What the engine says went wrong (system.kafka_consumers), or why it cannot say. */
    private String consumerErrors() {
        try {
            String errors = sql.query(setup.database(), "SELECT arrayStringConcat(groupUniqArrayArray("
                    + "exceptions.text), ' | ') FROM system.kafka_consumers WHERE table = '" + QUEUE + "'");
            return errors.isEmpty() ? "system.kafka_consumers reports no exception" : "consumer errors: " + errors;
        } catch (ClickHouseSql.ClickHouseSqlException e) {
            return "system.kafka_consumers unreadable: " + e.getMessage();
        }
    }

    private void stopConsuming() {
        try {
            sql.query(setup.database(), "DROP VIEW IF EXISTS " + VIEW);
            sql.query(setup.database(), "DROP TABLE IF EXISTS " + QUEUE);
        } catch (ClickHouseSql.ClickHouseSqlException ignored) {
            // the stack is torn down right after; nothing depends on this
        }
    }
}
