-- Target table of the example Event schema (schemas/event-v1.avsc, event-v2.avsc).
-- non_replicated_deduplication_window > 0 is REQUIRED on a plain MergeTree: chute's insert_deduplication_token
-- only deduplicates within that window (Replicated*MergeTree: replicated_deduplication_window).
CREATE TABLE IF NOT EXISTS events
(
    event_id   UUID,
    ts         DateTime64(3, 'UTC'),
    user_id    Int64,
    event_type LowCardinality(String),
    payload    String,
    amount     Float64,
    country    FixedString(2),
    session_ms Int32,
    referrer   Nullable(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (event_type, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000
