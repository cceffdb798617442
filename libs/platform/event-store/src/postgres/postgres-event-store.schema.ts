/**
 * Schema of the PostgreSQL event store. Idempotent: safe to run at every start.
 *
 * Ordering rule (see architecture.md): a reader must never skip an event whose transaction commits after a
 * later one. Sequence values are handed out before commit, so `position` alone is not a safe read order.
 * The log is read in `(transaction_id, position)` order and only below the oldest transaction still running that
 * appends to this log (`readHorizonSql` in the adapter: every transaction with a smaller id that could append has
 * ended), so anything that commits later sorts after what was read. An append is the first write of its
 * transaction (enforced) and first takes the log's shared *appending* lock, so an appending transaction holds it
 * for as long as it has an id; transactions that only write read models, checkpoints or other databases do not
 * hold readers back. Appends also take a per-stream advisory lock *before* the transaction gets its id, which keeps
 * the events of a stream in revision order in that log order too. The position readers see (`RecordedEvent.position`) is that
 * order as one number, `transaction_id * 2^64 + position`, so it strictly increases in read order and a
 * checkpoint needs no lookup; checkpoint columns are therefore `numeric`.
 */
export function eventStoreSchemaSql(schema: string): string {
  const s = quoteIdent(schema);
  // Taken first by every append, before the transaction has an id (see the ordering rule above).
  const startAppend = `IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'an append must be the first write of its transaction' USING ERRCODE = 'CS500';
  END IF;
  PERFORM pg_advisory_xact_lock_shared(${APPENDING_LOCK_CLASS}, ${appendingLockKey(schema)});`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.streams (
  stream_name text PRIMARY KEY,
  revision bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.events (
  position bigserial PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_name text NOT NULL,
  category text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_name, revision)
);
CREATE INDEX IF NOT EXISTS events_log_order ON ${s}.events (transaction_id, position);
CREATE INDEX IF NOT EXISTS events_category_log_order ON ${s}.events (category, transaction_id, position);
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
  name text PRIMARY KEY,
  position numeric NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ${s}.checkpoints ALTER COLUMN position TYPE numeric;

-- p_expected: -1 = no stream, -2 = any, >= 0 = exact revision of the stream's last event.
-- The caller holds the stream's advisory lock (append_events, append_many).
DROP FUNCTION IF EXISTS ${s}.append_locked(text, text, bigint, jsonb);
CREATE FUNCTION ${s}.append_locked(p_stream text, p_category text, p_expected bigint, p_events jsonb)
RETURNS TABLE (next_revision bigint, last_position numeric, duplicates int)
LANGUAGE plpgsql
-- Every statement here is an index lookup (event_id, stream); without this, a plan cached while the table was
-- small keeps scanning it whole as it grows (measured: 4 ms -> 140 ms per append of 100 at 100k events).
-- Hash and merge joins are off too: the cached generic plan of the duplicate checks otherwise hashes the whole
-- event_id index on every call (bench:ingest measured 7,491 index entries read per stored event); a nested
-- loop probes the index once per new id.
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
AS $fn$
DECLARE
  v_current bigint;
  v_total int := jsonb_array_length(p_events);
  v_dups int;
  v_inserted int;
  v_last_position bigint;
BEGIN
  SELECT s.revision INTO v_current FROM ${s}.streams s WHERE s.stream_name = p_stream;
  SELECT count(*) INTO v_dups FROM ${s}.events e
    WHERE e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x);
  IF v_dups = v_total THEN
    RETURN QUERY SELECT coalesce(v_current, -1), NULL::numeric, v_dups;
    RETURN;
  END IF;
  IF (p_expected = -1 AND v_current IS NOT NULL) OR (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected) THEN
    RAISE EXCEPTION 'wrong expected revision' USING ERRCODE = 'CS409', DETAIL = coalesce(v_current::text, 'no_stream'), HINT = p_stream;
  END IF;
  WITH input AS (
    SELECT (x.e->>'id')::uuid AS id, x.e->>'type' AS type, x.e->'data' AS data, coalesce(x.e->'metadata', '{}'::jsonb) AS metadata, x.ord
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord)
    WHERE NOT EXISTS (SELECT 1 FROM ${s}.events d WHERE d.event_id = (x.e->>'id')::uuid)
  ), inserted AS (
    INSERT INTO ${s}.events (event_id, stream_name, category, revision, type, data, metadata)
    SELECT i.id, p_stream, p_category, coalesce(v_current, -1) + row_number() OVER (ORDER BY i.ord), i.type, i.data, i.metadata
    FROM input i ORDER BY i.ord
    RETURNING position
  )
  SELECT count(*), max(position) INTO v_inserted, v_last_position FROM inserted;
  IF v_current IS NULL THEN
    INSERT INTO ${s}.streams (stream_name, revision) VALUES (p_stream, v_inserted - 1);
  ELSE
    UPDATE ${s}.streams SET revision = v_current + v_inserted WHERE stream_name = p_stream;
  END IF;
  RETURN QUERY SELECT coalesce(v_current, -1) + v_inserted,
    pg_current_xact_id()::text::numeric * 18446744073709551616 + v_last_position, v_total - v_inserted;
END
$fn$;

DROP FUNCTION IF EXISTS ${s}.append_events(text, text, bigint, jsonb);
CREATE FUNCTION ${s}.append_events(p_stream text, p_category text, p_expected bigint, p_events jsonb)
RETURNS TABLE (next_revision bigint, last_position numeric, duplicates int)
LANGUAGE plpgsql
AS $fn$
BEGIN
  ${startAppend}
  -- Lock the stream before this transaction is given an id (advisory locks do not need one).
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
  RETURN QUERY SELECT * FROM ${s}.append_locked(p_stream, p_category, p_expected, p_events);
END
$fn$;

-- Several streams in one transaction (intake batches, group commit), set-based: a handful of statements for
-- the whole batch instead of five per stream. Every stream lock is taken first, before the transaction has an id,
-- in one global order (by lock key, so two batches never deadlock); locking a stream after an earlier insert
-- would let another transaction with a larger id append to it first and commit, putting that stream's revisions
-- out of order in the log. p_events is one JSON array holding each append's array of events.
-- The current revisions and the already stored ids are looked up with "= ANY(array)" index scans into JSON
-- objects, so no statement here joins the batch to a table: a cached plan cannot turn such a join into a scan
-- of the whole index as the table grows (see append_locked).
-- The rows of a batch, in append and event order: dup = the id is stored already, or came earlier in this batch
-- (group commit may put two deliveries of one event in one batch); prior = the stream's revision
-- before this append (earlier appends of the batch to the same stream count); revision = this event's.
DROP FUNCTION IF EXISTS ${s}.append_batch_rows(text[], text[], bigint[], jsonb, jsonb, jsonb);
CREATE FUNCTION ${s}.append_batch_rows(p_streams text[], p_categories text[], p_expected bigint[], p_events jsonb, p_revs jsonb, p_dups jsonb)
RETURNS TABLE (i int, n bigint, stream text, category text, expected bigint, id uuid, type text, data jsonb, metadata jsonb,
  dup boolean, prior bigint, revision bigint)
LANGUAGE sql STABLE
AS $fn$
  SELECT v.i, v.n, v.stream, v.category, v.expected, v.id, v.type, v.data, v.metadata, v.dup,
    v.current + count(*) FILTER (WHERE NOT v.dup) OVER (PARTITION BY v.stream ORDER BY v.i)
      - count(*) FILTER (WHERE NOT v.dup) OVER (PARTITION BY v.stream, v.i),
    v.current + count(*) FILTER (WHERE NOT v.dup) OVER (PARTITION BY v.stream ORDER BY v.i, v.n)
  FROM (
    SELECT r.i::int AS i, x.n, r.stream, r.category, r.expected, (x.e->>'id')::uuid AS id, x.e->>'type' AS type,
      x.e->'data' AS data, coalesce(x.e->'metadata', '{}'::jsonb) AS metadata,
      p_dups ? (x.e->>'id') OR row_number() OVER (PARTITION BY x.e->>'id' ORDER BY r.i, x.n) > 1 AS dup,
      coalesce((p_revs->>r.stream)::bigint, -1) AS current
    FROM unnest(p_streams, p_categories, p_expected) WITH ORDINALITY AS r(stream, category, expected, i),
      jsonb_array_elements(p_events->(r.i::int - 1)) WITH ORDINALITY AS x(e, n)
  ) v
  ORDER BY v.i, v.n
$fn$;

DROP FUNCTION IF EXISTS ${s}.append_many(text[], text[], bigint[], jsonb[]);
DROP FUNCTION IF EXISTS ${s}.append_many(text[], text[], bigint[], jsonb);
CREATE FUNCTION ${s}.append_many(p_streams text[], p_categories text[], p_expected bigint[], p_events jsonb)
RETURNS TABLE (ord int, next_revision bigint, last_position numeric, duplicates int)
LANGUAGE plpgsql
SET enable_seqscan = off
AS $fn$
DECLARE
  v_revs jsonb;
  v_dups jsonb;
  v_bad_stream text;
  v_bad_prior bigint;
BEGIN
  ${startAppend}
  PERFORM pg_advisory_xact_lock(l.k) FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest(p_streams) x ORDER BY 1) l;
  SELECT coalesce(jsonb_object_agg(s.stream_name, s.revision), '{}') INTO v_revs
    FROM ${s}.streams s WHERE s.stream_name = ANY(p_streams);
  SELECT coalesce(jsonb_object_agg(e.event_id, true), '{}') INTO v_dups
    FROM ${s}.events e WHERE e.event_id = ANY(ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) a, jsonb_array_elements(a) x));
  -- An append whose events are all stored already is a duplicate, whatever it expected.
  IF -2 <> ANY(p_expected) THEN
    SELECT b.stream, b.prior INTO v_bad_stream, v_bad_prior FROM ${s}.append_batch_rows(p_streams, p_categories, p_expected, p_events, v_revs, v_dups) b
      WHERE NOT b.dup AND ((b.expected = -1 AND b.prior >= 0) OR (b.expected >= 0 AND b.prior <> b.expected))
      LIMIT 1;
  END IF;
  IF v_bad_stream IS NOT NULL THEN
    RAISE EXCEPTION 'wrong expected revision' USING ERRCODE = 'CS409',
      DETAIL = CASE WHEN v_bad_prior < 0 THEN 'no_stream' ELSE v_bad_prior::text END, HINT = v_bad_stream;
  END IF;
  RETURN QUERY
  WITH batch AS MATERIALIZED (
    SELECT b.*, CASE WHEN b.dup THEN NULL ELSE nextval(pg_get_serial_sequence('${s}.events', 'position')) END AS position
    FROM ${s}.append_batch_rows(p_streams, p_categories, p_expected, p_events, v_revs, v_dups) b
  ), stored AS (
    INSERT INTO ${s}.events (position, event_id, stream_name, category, revision, type, data, metadata)
    SELECT b.position, b.id, b.stream, b.category, b.revision, b.type, b.data, b.metadata FROM batch b WHERE NOT b.dup ORDER BY b.position
  ), revised AS (
    INSERT INTO ${s}.streams (stream_name, revision)
    SELECT b.stream, max(b.revision) FROM batch b WHERE NOT b.dup GROUP BY b.stream
    ON CONFLICT (stream_name) DO UPDATE SET revision = EXCLUDED.revision
  )
  SELECT b.i, max(b.revision), pg_current_xact_id()::text::numeric * 18446744073709551616 + max(b.position),
    (count(*) FILTER (WHERE b.dup))::int
  FROM batch b GROUP BY b.i ORDER BY b.i;
END
$fn$;
`;
}

/** First key of the appending lock (`pg_advisory_xact_lock_shared(int, int)`; `pg_locks.classid`). */
export const APPENDING_LOCK_CLASS = 7240003;

/** Second key of a log's appending lock (`pg_locks.objid`): the schema's name hashed (FNV-1a) to 0..2^31-1. */
export function appendingLockKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(schema, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name}"`;
}
