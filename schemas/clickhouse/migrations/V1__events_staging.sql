-- The seeds' layout: chute writes to a staging table (table=events_staging), materialized views carry each
-- inserted block on. Every table on that chain must drop a retried block, so every one has a deduplication
-- window (chute checks the whole chain at start and refuses otherwise). Apply with
--   chute migrate --config chute.properties --dir schemas/clickhouse/migrations
-- On a cluster: ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}'),
-- ON CLUSTER <name> after the table name, and SETTINGS replicated_deduplication_window = 10000,
-- replicated_deduplication_window_seconds = 3600 (at least chute's dedup.window.min.seconds), on every table.
CREATE TABLE IF NOT EXISTS events_staging
(
    event_id   UUID,
    ts         DateTime64(3, 'UTC'),
    user_id    Int64,
    event_type LowCardinality(String),
    payload    String,
    amount     Float64,
    country    FixedString(2),
    session_ms Int32,
    referrer   Nullable(String),
    -- Kafka position columns, filled by chute: they let recovery check what of an old interrupted block landed
    _topic     LowCardinality(String) DEFAULT '',
    _partition Int32 DEFAULT -1,
    _offset    Int64 DEFAULT -1,
    _timestamp DateTime64(3, 'UTC') DEFAULT 0
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (event_type, ts, event_id)
TTL toDateTime(ts) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000
