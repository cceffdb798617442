-- One row per ticket: its complete state, kept by the projection worker. After a batch's ticket_events are
-- written, the worker recomputes the state of every ticket the batch touched from all of that ticket's events
-- (the statement of projection/ticket-state.sql.ts, the aggregation the KPIs ran at query time before) and inserts
-- it here. A materialized view cannot do it: it sees only the inserted block, not the ticket's earlier events.
--   * version = the number of distinct events the row was computed from: it only grows as a ticket's events
--     arrive (in any order), so the newest state wins; a redelivered batch recomputes an equal row.
--   * ORDER BY (created_at, ticket_id): a KPI over tickets created in a period reads its own range; a ticket's
--     opened event fixes created_at, and a ticket gets no row until its opened event is known.
--   * Read it FINAL (the ticket_current view does); filters on other columns than the key belong after FINAL.
--   * No deduplication window: a retried or redelivered recompute inserts equal rows, which FINAL collapses.
-- status_changes lists (at, status) in stream order, so the status at any cut-off is read from the row;
-- last_status_at (the latest status change) tells which tickets a cut-off can find in another status than now.
CREATE TABLE IF NOT EXISTS tickets
(
    ticket_id UUID,
    number UInt32,
    created_at DateTime64(3, 'UTC'),
    customer_id String,
    channel LowCardinality(String),
    team LowCardinality(String),
    agent LowCardinality(String),
    category LowCardinality(String),
    priority LowCardinality(String),
    status LowCardinality(String),
    first_response_at Nullable(DateTime64(3, 'UTC')),
    public_agent_replies UInt64,
    first_solved_at Nullable(DateTime64(3, 'UTC')),
    last_solved_at Nullable(DateTime64(3, 'UTC')),
    reopens UInt64,
    status_changes Array(Tuple(DateTime64(3, 'UTC'), LowCardinality(String))),
    last_status_at DateTime64(3, 'UTC'),
    merged UInt8,
    merged_into String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (created_at, ticket_id);

-- The tickets projected before this migration, with the worker's statement over every ticket. Run twice (a failed
-- migration runs again from the top), it inserts equal rows again, which collapse like any other.
INSERT INTO tickets
SELECT e.ticket_id AS ticket_id,
    maxIf(e.number, e.type = 'opened') AS number,
    minIf(e.at, e.type = 'opened') AS created_at,
    argMaxIf(e.customer_id, e.revision, e.type = 'opened') AS customer_id,
    argMaxIf(e.channel, e.revision, e.type = 'opened') AS channel,
    argMaxIf(e.team, e.revision, e.team != '') AS team,
    argMaxIf(e.agent, e.revision, e.type IN ('assigned', 'unassigned')) AS agent,
    argMaxIf(e.category, e.revision, e.category != '') AS category,
    argMaxIf(e.priority, e.revision, e.priority != '') AS priority,
    argMaxIf(e.status, e.revision, e.status != '') AS status,
    minIfOrNull(e.at, e.type = 'message-added' AND e.author = 'agent' AND e.public = 1) AS first_response_at,
    uniqExactIf(e.message_id, e.type = 'message-added' AND e.author = 'agent' AND e.public = 1) AS public_agent_replies,
    minIfOrNull(e.at, e.type = 'status-changed' AND e.status = 'solved') AS first_solved_at,
    maxIfOrNull(e.at, e.type = 'status-changed' AND e.status = 'solved') AS last_solved_at,
    uniqExactIf(e.event_id, e.type = 'reopened') AS reopens,
    arrayMap(x -> (x.2, x.3), arraySort(x -> x.1, groupUniqArrayIf((e.revision, e.at, e.status), e.status != ''))) AS status_changes,
    maxIf(e.at, e.status != '') AS last_status_at,
    countIf(e.type = 'merged') > 0 AS merged,
    max(e.into_ticket_id) AS merged_into,
    uniqExact(e.event_id) AS version
FROM ticket_events AS e
GROUP BY e.ticket_id
HAVING countIf(e.type = 'opened') > 0;

-- The analysts' view of current tickets, now read from tickets (same columns as before; created_at is no longer
-- Nullable, as every row has its opened event).
DROP VIEW IF EXISTS ticket_current;
CREATE VIEW IF NOT EXISTS ticket_current AS
SELECT ticket_id, number, created_at, customer_id, channel, team, agent, category, priority, status, first_response_at,
    first_solved_at, last_solved_at, public_agent_replies, reopens, merged_into
FROM tickets FINAL;

-- Replaced by tickets: the ticket_state aggregate (0004, behind ticket_current) and the time-ordered copy of the
-- events (0006, the KPIs' period reads). Dropping their materialized views makes every ticket_events insert cheaper.
DROP VIEW IF EXISTS ticket_state_mv;
DROP TABLE IF EXISTS ticket_state;
DROP VIEW IF EXISTS ticket_events_by_time_mv;
DROP TABLE IF EXISTS ticket_events_by_time;
