-- SLA clock outcomes and transitions (cs.sla.*.v1), one row per event; minutes are the policy calendar's
-- business minutes as ticketing computed them. Deduplicated by event id (token + ReplacingMergeTree; query FINAL).
CREATE TABLE IF NOT EXISTS sla_events
(
    event_id UUID,
    ticket_id UUID,
    -- activated | paused | resumed | warned | achieved | breached
    type LowCardinality(String),
    target LowCardinality(String),
    policy_id LowCardinality(String),
    at DateTime64(3, 'UTC'),
    due_at Nullable(DateTime64(3, 'UTC')),
    business_minutes Nullable(UInt32),
    agent LowCardinality(String) DEFAULT '',
    team LowCardinality(String) DEFAULT '',
    revision UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (ticket_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Surveys sent (cs.survey.requested.v1): one row per survey, its kinds as an array.
CREATE TABLE IF NOT EXISTS survey_requests
(
    survey_id UUID,
    event_id UUID,
    ticket_id UUID,
    customer_id String,
    kinds Array(LowCardinality(String)),
    channel LowCardinality(String),
    agent LowCardinality(String) DEFAULT '',
    team LowCardinality(String) DEFAULT '',
    at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY survey_id
SETTINGS non_replicated_deduplication_window = 10000;

-- Survey answers (cs.survey.answered.v1, from connectors): at = when the customer answered (event time).
CREATE TABLE IF NOT EXISTS survey_answers
(
    event_id UUID,
    customer_id String,
    kind LowCardinality(String),
    score UInt8,
    ticket_id String DEFAULT '',
    survey_id String DEFAULT '',
    at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (kind, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
