-- Business-hours durations (docs/analytics.md, "Business hours").

-- Every version of the /v1/config/calendars document (cs.ticketing.config-changed.v1, kind calendars), as
-- the JSON that was PUT. A version is immutable, so duplicates collapse by version.
CREATE TABLE IF NOT EXISTS calendars
(
    version UInt32,
    event_id UUID,
    -- when the version was stored: it is in force for tickets created from this instant on
    at DateTime64(3, 'UTC'),
    document String
)
ENGINE = ReplacingMergeTree
ORDER BY version
SETTINGS non_replicated_deduplication_window = 10000;

-- The calendar of the SLA policy a clock runs under ('' = the policy has none: around the clock).
-- Rows projected before this migration keep ''.
ALTER TABLE sla_events ADD COLUMN IF NOT EXISTS calendar_id LowCardinality(String) DEFAULT '';

-- Business seconds from a ticket's creation to each of its public agent replies (kind 'reply') and solves
-- (kind 'solved'), computed by the projection on the ticket's calendar (calendar_id of calendars version
-- calendar_version; '24x7' = around the clock; version 0 = no calendars document was in force). Keyed by the
-- reply or solve event: duplicates collapse, and a row recomputed after a late fact (an SLA activation, a
-- calendars version) replaces the older one (the last inserted wins; read FINAL). The first response is the
-- earliest reply's row, the first / full resolution the earliest / latest solve's.
CREATE TABLE IF NOT EXISTS ticket_business_durations
(
    ticket_id UUID,
    event_id UUID,
    kind LowCardinality(String),
    at DateTime64(3, 'UTC'),
    created_at DateTime64(3, 'UTC'),
    calendar_id LowCardinality(String),
    calendar_version UInt32,
    business_seconds Float64
)
ENGINE = ReplacingMergeTree
ORDER BY (ticket_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
