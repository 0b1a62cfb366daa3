-- Two views on the staging table: a cleaned copy and a per-day aggregate. With chute's
-- deduplicate_blocks_in_dependent_materialized_views=1 a retried block is dropped by the staging table AND by each
-- view target, which is why each target needs its own window.
CREATE TABLE IF NOT EXISTS events_clean
(
    event_id   UUID,
    ts         DateTime64(3, 'UTC'),
    user_id    Int64,
    event_type LowCardinality(String),
    amount     Float64,
    country    FixedString(2)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (event_type, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS events_clean_mv TO events_clean AS
SELECT event_id, ts, user_id, event_type, amount, country
FROM events_staging
WHERE event_type != 'error';

CREATE TABLE IF NOT EXISTS events_daily
(
    day        Date,
    event_type LowCardinality(String),
    events     UInt64,
    amount     Float64
)
ENGINE = SummingMergeTree
ORDER BY (day, event_type)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS events_daily_mv TO events_daily AS
SELECT toDate(ts) AS day, event_type, count() AS events, sum(amount) AS amount
FROM events_staging
GROUP BY day, event_type
