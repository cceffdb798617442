-- The SLA outcomes (achieved, breached) of sla_events in time order, for the KPIs' period reads. sla_events is
-- ordered by (ticket_id, event_id) for the projection's per-ticket lookups, so a period's outcomes were a scan of
-- every clock event (three per SLA statement: the outcomes, their tickets, their customers).
--   * Filled by a materialized view on every sla_events insert, and from the rows projected before this migration.
--   * ORDER BY (at, event_id): copies of an event share its time, so FINAL collapses them as it did in sla_events
--     (a redelivered or retried insert, or a row both the view and the backfill below inserted).
CREATE TABLE IF NOT EXISTS sla_outcomes
(
    event_id UUID,
    ticket_id UUID,
    -- achieved | breached
    type LowCardinality(String),
    target LowCardinality(String),
    policy_id LowCardinality(String),
    at DateTime64(3, 'UTC'),
    due_at Nullable(DateTime64(3, 'UTC')),
    business_minutes Nullable(UInt32)
)
ENGINE = ReplacingMergeTree
ORDER BY (at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- The view first, then the backfill: an outcome inserted in between is in both, and FINAL collapses the copies.
CREATE MATERIALIZED VIEW IF NOT EXISTS sla_outcomes_mv TO sla_outcomes AS
SELECT event_id, ticket_id, type, target, policy_id, at, due_at, business_minutes
FROM sla_events
WHERE type IN ('achieved', 'breached');

INSERT INTO sla_outcomes
SELECT event_id, ticket_id, type, target, policy_id, at, due_at, business_minutes
FROM sla_events
WHERE type IN ('achieved', 'breached');
