-- Ticket facts: the latest state of each ticket (ReplacingMergeTree keeps the row with the highest
-- stream revision; query with FINAL). Deduplication window: a redelivered batch with the same
-- insert_deduplication_token is dropped, so a crash between insert and checkpoint never double counts.
CREATE TABLE IF NOT EXISTS tickets
(
    ticket_id UUID,
    number UInt32,
    customer_id UUID,
    channel LowCardinality(String),
    team LowCardinality(String),
    agent LowCardinality(String),
    category LowCardinality(String),
    tier LowCardinality(String),
    priority LowCardinality(String),
    status LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    revision UInt64,
    event_id UUID
)
ENGINE = ReplacingMergeTree(revision)
ORDER BY ticket_id
SETTINGS non_replicated_deduplication_window = 10000;
