-- Every connector event (cs.interactions.v1) as one row: messages by channel, calls, orders and refunds,
-- page and product views, abandoned carts, marketing engagement, social mentions. at = event time.
CREATE TABLE IF NOT EXISTS interactions
(
    event_id UUID,
    type LowCardinality(String),
    customer_id String DEFAULT '',
    channel LowCardinality(String) DEFAULT '',
    at DateTime64(3, 'UTC'),
    order_id String DEFAULT '',
    amount Nullable(Float64),
    currency LowCardinality(String) DEFAULT '',
    url String DEFAULT '',
    product_id String DEFAULT '',
    campaign_id String DEFAULT '',
    action LowCardinality(String) DEFAULT ''
)
ENGINE = ReplacingMergeTree
ORDER BY (type, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Service tier per customer over time (cs.customer.tier-changed.v1, cs.customer.identified.v1 traits.tier);
-- the tier at the latest `at` is the current one.
CREATE TABLE IF NOT EXISTS customer_tiers
(
    customer_id String,
    tier LowCardinality(String),
    at DateTime64(3, 'UTC'),
    event_id UUID
)
ENGINE = ReplacingMergeTree
ORDER BY (customer_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Customer merges and unmerges (cs.customer.merged.v1 / unmerged.v1): the latest row per merged_id says
-- whether merged_id currently answers as survivor_id.
CREATE TABLE IF NOT EXISTS customer_merges
(
    merged_id String,
    survivor_id String,
    merged UInt8,
    at DateTime64(3, 'UTC'),
    event_id UUID
)
ENGINE = ReplacingMergeTree
ORDER BY (merged_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
