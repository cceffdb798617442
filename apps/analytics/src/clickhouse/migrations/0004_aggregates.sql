-- Aggregate tables, fed by materialized views at insert time. Every state is idempotent (argMax by
-- revision, min, max, uniqExact of event ids), so a duplicate that escapes the insert deduplication token
-- (redelivered inside a differently composed batch) still counts once.

-- The current state of every ticket, one row per ticket after merges of parts (read it through the
-- ticket_current view). argMax versions are revision + 1 for the events that set the column and 0 for the
-- others, so the latest event that set it wins whatever order the events arrived in.
CREATE TABLE IF NOT EXISTS ticket_state
(
    ticket_id UUID,
    number SimpleAggregateFunction(max, UInt32),
    created_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    customer_id AggregateFunction(argMax, String, UInt64),
    channel AggregateFunction(argMax, String, UInt64),
    team AggregateFunction(argMax, String, UInt64),
    agent AggregateFunction(argMax, String, UInt64),
    category AggregateFunction(argMax, String, UInt64),
    priority AggregateFunction(argMax, String, UInt64),
    status AggregateFunction(argMax, String, UInt64),
    first_response_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    first_solved_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    last_solved_at SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    public_agent_replies AggregateFunction(uniqExact, String),
    reopens AggregateFunction(uniqExact, UUID),
    merged_into SimpleAggregateFunction(max, String)
)
ENGINE = AggregatingMergeTree
ORDER BY ticket_id
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ticket_state_mv TO ticket_state AS
SELECT
    e.ticket_id AS ticket_id,
    max(e.number) AS number,
    min(if(e.type = 'opened', e.at, NULL)) AS created_at,
    argMaxState(toString(e.customer_id), if(e.type = 'opened', e.revision + 1, 0)) AS customer_id,
    argMaxState(toString(e.channel), if(e.type = 'opened', e.revision + 1, 0)) AS channel,
    argMaxState(toString(e.team), if(e.team != '', e.revision + 1, 0)) AS team,
    argMaxState(toString(e.agent), if(e.type IN ('assigned', 'unassigned'), e.revision + 1, 0)) AS agent,
    argMaxState(toString(e.category), if(e.category != '', e.revision + 1, 0)) AS category,
    argMaxState(toString(e.priority), if(e.priority != '', e.revision + 1, 0)) AS priority,
    argMaxState(toString(e.status), if(e.status != '', e.revision + 1, 0)) AS status,
    min(if(e.type = 'message-added' AND e.author = 'agent' AND e.public = 1, e.at, NULL)) AS first_response_at,
    min(if(e.type = 'status-changed' AND e.status = 'solved', e.at, NULL)) AS first_solved_at,
    max(if(e.type = 'status-changed' AND e.status = 'solved', e.at, NULL)) AS last_solved_at,
    uniqExactStateIf(e.message_id, e.type = 'message-added' AND e.author = 'agent' AND e.public = 1) AS public_agent_replies,
    uniqExactStateIf(e.event_id, e.type = 'reopened') AS reopens,
    max(e.into_ticket_id) AS merged_into
FROM ticket_events AS e
GROUP BY e.ticket_id;

-- For analysts: one finished row per ticket (its latest state), tickets whose opened event is known.
CREATE VIEW IF NOT EXISTS ticket_current AS
SELECT
    ticket_id,
    max(number) AS number,
    min(created_at) AS created_at,
    argMaxMerge(customer_id) AS customer_id,
    argMaxMerge(channel) AS channel,
    argMaxMerge(team) AS team,
    argMaxMerge(agent) AS agent,
    argMaxMerge(category) AS category,
    argMaxMerge(priority) AS priority,
    argMaxMerge(status) AS status,
    min(first_response_at) AS first_response_at,
    min(first_solved_at) AS first_solved_at,
    max(last_solved_at) AS last_solved_at,
    uniqExactMerge(public_agent_replies) AS public_agent_replies,
    uniqExactMerge(reopens) AS reopens,
    max(merged_into) AS merged_into
FROM ticket_state
GROUP BY ticket_id
HAVING created_at IS NOT NULL;

-- Interactions per day x type x channel (messages by channel, orders, views...), by event time.
CREATE TABLE IF NOT EXISTS interactions_daily
(
    day Date,
    type LowCardinality(String),
    channel LowCardinality(String),
    events AggregateFunction(uniqExact, UUID),
    customers AggregateFunction(uniqExact, String),
    amount SimpleAggregateFunction(sum, Float64)
)
ENGINE = AggregatingMergeTree
ORDER BY (day, type, channel)
SETTINGS non_replicated_deduplication_window = 10000;

-- amount is a plain sum: exact only while no duplicate escapes the insert token; events is always exact.
CREATE MATERIALIZED VIEW IF NOT EXISTS interactions_daily_mv TO interactions_daily AS
SELECT toDate(at) AS day, type, channel, uniqExactState(event_id) AS events, uniqExactState(customer_id) AS customers,
    sum(ifNull(amount, 0)) AS amount
FROM interactions
GROUP BY day, type, channel;

-- SLA outcomes per day x target x policy x the team and agent responsible when it happened.
CREATE TABLE IF NOT EXISTS sla_outcomes_daily
(
    day Date,
    target LowCardinality(String),
    policy_id LowCardinality(String),
    team LowCardinality(String),
    agent LowCardinality(String),
    achieved AggregateFunction(uniqExact, UUID),
    breached AggregateFunction(uniqExact, UUID)
)
ENGINE = AggregatingMergeTree
ORDER BY (day, target, policy_id, team, agent)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sla_outcomes_daily_mv TO sla_outcomes_daily AS
SELECT toDate(at) AS day, target, policy_id, team, agent,
    uniqExactStateIf(event_id, type = 'achieved') AS achieved, uniqExactStateIf(event_id, type = 'breached') AS breached
FROM sla_events
WHERE type IN ('achieved', 'breached')
GROUP BY day, target, policy_id, team, agent;

-- Survey answers per day x kind x score (NPS, CSAT and CES distributions), by answer time.
CREATE TABLE IF NOT EXISTS survey_answers_daily
(
    day Date,
    kind LowCardinality(String),
    score UInt8,
    answers AggregateFunction(uniqExact, UUID)
)
ENGINE = AggregatingMergeTree
ORDER BY (day, kind, score)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS survey_answers_daily_mv TO survey_answers_daily AS
SELECT toDate(at) AS day, kind, score, uniqExactState(event_id) AS answers
FROM survey_answers
GROUP BY day, kind, score;
