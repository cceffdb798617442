-- The surveys sent (survey_requests) in time order, for the survey response rate's period reads. survey_requests is
-- ordered by survey_id, which the answers' joins look up, so a period's surveys were a scan of every survey, four
-- times per statement (the questions, their answers, their tickets, their customers).
--   * Filled by a materialized view on every survey_requests insert, and from the rows projected before this migration.
--   * ORDER BY (at, survey_id): a survey is requested once, so its copies (a redelivered or retried insert, or a row
--     both the view and the backfill below inserted) share its time, and FINAL collapses them as in survey_requests.
CREATE TABLE IF NOT EXISTS survey_requests_by_time
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
ORDER BY (at, survey_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- The view first, then the backfill: a survey inserted in between is in both, and FINAL collapses the copies.
CREATE MATERIALIZED VIEW IF NOT EXISTS survey_requests_by_time_mv TO survey_requests_by_time AS
SELECT survey_id, event_id, ticket_id, customer_id, kinds, channel, agent, team, at
FROM survey_requests;

INSERT INTO survey_requests_by_time
SELECT survey_id, event_id, ticket_id, customer_id, kinds, channel, agent, team, at
FROM survey_requests;
