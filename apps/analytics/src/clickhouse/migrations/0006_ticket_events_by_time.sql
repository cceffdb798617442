-- The ticket events again, in event-time order, so a KPI over a period reads the events of that period and after
-- instead of every event ever (ticket_events is keyed by ticket, which scatters a period over the whole table).
-- ticket_events stays the table of record (the projection looks tickets up by id there); this one is fed by a
-- materialized view from it, so it receives exactly the rows ticket_events receives: a batch dropped by its
-- deduplication token there never reaches the view, and a duplicate in another batch collapses here as there
-- (same event_id, hence the same at) and is ignored by the idempotent aggregates before the merge.
-- The columns of ticket_events as they are now (AS copies them), ordered by time instead of by ticket.
CREATE TABLE IF NOT EXISTS ticket_events_by_time AS ticket_events
ENGINE = ReplacingMergeTree
ORDER BY (at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ticket_events_by_time_mv TO ticket_events_by_time AS
SELECT event_id, ticket_id, type, at, revision, number, customer_id, channel, team, agent, category, priority, status,
    author, public, message_id, into_ticket_id
FROM ticket_events;

-- The events projected before this migration. Run twice (a failed migration runs again from the top), it only
-- adds duplicates, which collapse like any other.
INSERT INTO ticket_events_by_time
SELECT event_id, ticket_id, type, at, revision, number, customer_id, channel, team, agent, category, priority, status,
    author, public, message_id, into_ticket_id
FROM ticket_events;
