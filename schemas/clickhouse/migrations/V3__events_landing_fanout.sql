-- The Null fan-out: chute writes to a Null table (table=events_landing), which stores nothing; its views do. A Null
-- source is accepted at start only when at least one view reads it and every view target has a window.
CREATE TABLE IF NOT EXISTS events_landing AS events_staging ENGINE = Null;

CREATE TABLE IF NOT EXISTS events_by_country
(
    country    FixedString(2),
    event_id   UUID,
    ts         DateTime64(3, 'UTC'),
    _partition Int32,
    _offset    Int64
)
ENGINE = MergeTree
ORDER BY (country, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_country_mv TO events_by_country AS
SELECT country, event_id, ts, _partition, _offset
FROM events_landing
