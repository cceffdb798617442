-- Ticket facts, one row per ticket lifecycle event (cs.ticketing.v1). KPIs derive each ticket's state at
-- query time by aggregating its rows (argMax by stream revision, min/max of times, distinct counts), so:
--   * out-of-order arrival is harmless: the stream revision, not the arrival order, picks the latest value;
--   * a redelivered batch is dropped by its insert_deduplication_token, and a duplicate arriving in another
--     batch collapses under ReplacingMergeTree (same ticket_id, event_id) and is ignored by the idempotent
--     aggregates (argMax, min, max, uniqExact) even before the merge happens.
CREATE TABLE IF NOT EXISTS ticket_events
(
    event_id UUID,
    ticket_id UUID,
    -- short type: opened, message-added, status-changed, reopened, merged, routed, assigned, unassigned, priority-changed
    type LowCardinality(String),
    at DateTime64(3, 'UTC'),
    revision UInt64,
    number UInt32 DEFAULT 0,
    customer_id String DEFAULT '',
    channel LowCardinality(String) DEFAULT '',
    team LowCardinality(String) DEFAULT '',
    agent LowCardinality(String) DEFAULT '',
    category LowCardinality(String) DEFAULT '',
    priority LowCardinality(String) DEFAULT '',
    -- the status the ticket has after this event ('' when the event does not change it)
    status LowCardinality(String) DEFAULT '',
    -- message-added: customer | agent | system (system = acknowledgements and automations)
    author LowCardinality(String) DEFAULT '',
    public UInt8 DEFAULT 0,
    message_id String DEFAULT '',
    into_ticket_id String DEFAULT ''
)
ENGINE = ReplacingMergeTree
ORDER BY (ticket_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
