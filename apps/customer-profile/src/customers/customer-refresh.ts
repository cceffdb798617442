import type { EntityManager } from 'typeorm';
import { foldTags, type HealthSignals } from '@csp/customer-profile-domain';
import { HEALTH_FACT_TYPES, healthFactsJsonSql, signalsOf, VISIT_TYPES } from '../health/health-signals.store';
import { dropPendingHealth } from '../health/health-writes';
import { CARE_COLUMNS, type CareRow } from '../health/reassess-health';
import { flushFacts } from './timeline-writes';
import { OUTCOME_TYPES, ProfileEvents } from '../identity/profile-events';

/** Every id that answers as `customerId` (itself included). */
export async function membersOf(manager: EntityManager, customerId: string): Promise<string[]> {
  const rows: { alias_id: string }[] = await manager.query('SELECT alias_id FROM customer_aliases WHERE customer_id = $1', [customerId]);
  return [...new Set([customerId, ...rows.map((r) => r.alias_id)])];
}

export async function survivorOf(manager: EntityManager, id: string): Promise<string> {
  const [row]: { customer_id: string }[] = await manager.query('SELECT customer_id FROM customer_aliases WHERE alias_id = $1', [id]);
  return row?.customer_id ?? id;
}

/**
 * Per projection batch: rows the transaction read and locked (as returned then; assessments are overlaid by the
 * care step), whom touched ids answered as (forgotten when aliases change), and first/last seen not written yet.
 * Nothing in the transaction reads first/last seen; a refresh recomputes them from the facts.
 */
interface SeenBatch {
  answersAs: Map<string, string>;
  rows: Map<string, CareRow>;
  widen: Map<string, { first: string; last: string }>;
}
const seenBatches = new WeakMap<EntityManager, SeenBatch>();

/** From now on `touchSeen` in this transaction answers from rows it read before and widens in memory (`flushSeen`). */
export function touchBehind(manager: EntityManager): void {
  seenBatches.set(manager, { answersAs: new Map(), rows: new Map(), widen: new Map() });
}

/** Aliases changed (a resolution, an erasure): whom an id answers as is read again. */
export function forgetAnswersAs(manager: EntityManager): void {
  seenBatches.get(manager)?.answersAs.clear();
}

/**
 * The cheap path for an event that only adds a fact: widen the customer's first/last seen (min and max do not
 * depend on arrival order). Returns the row of the customer the id answers as, locked, with what the care step
 * reads (one round trip less per event), or undefined when it has no row yet (then it needs a full refresh). In a
 * batch, a customer whose row the transaction holds already costs no statement.
 */
export async function touchSeen(manager: EntityManager, id: string, at: string): Promise<CareRow | undefined> {
  const batch = seenBatches.get(manager);
  const known = batch?.rows.get(batch.answersAs.get(id) ?? '');
  if (batch && known) {
    const w = batch.widen.get(known.id);
    batch.widen.set(known.id, { first: w && w.first < at ? w.first : at, last: w && w.last > at ? w.last : at });
    return known;
  }
  const [rows]: [CareRow[], number] = await manager.query(
    `UPDATE customers SET first_seen_at = LEAST(first_seen_at, $2::timestamptz), last_seen_at = GREATEST(last_seen_at, $2::timestamptz)
     WHERE id = (SELECT COALESCE((SELECT customer_id FROM customer_aliases WHERE alias_id = $1), $1::uuid)) RETURNING ${CARE_COLUMNS}`,
    [id, at],
  );
  if (batch && rows[0]) {
    batch.answersAs.set(id, rows[0].id);
    batch.rows.set(rows[0].id, rows[0]);
  }
  return rows[0];
}

/** Writes first/last seen kept in memory (one statement; none when there are none). */
export async function flushSeen(manager: EntityManager): Promise<void> {
  const batch = seenBatches.get(manager);
  if (!batch || batch.widen.size === 0) return;
  const rows = [...batch.widen].map(([id, w]) => ({ id, ...w }));
  batch.widen.clear();
  await manager.query(
    `UPDATE customers c SET first_seen_at = LEAST(c.first_seen_at, t.first), last_seen_at = GREATEST(c.last_seen_at, t.last)
     FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, first timestamptz, last timestamptz) WHERE c.id = t.id`,
    [JSON.stringify(rows)],
  );
}

/** Before rows are deleted (erasure): writes what is kept and forgets every row. */
export async function forgetSeen(manager: EntityManager): Promise<void> {
  await flushSeen(manager);
  seenBatches.get(manager)?.answersAs.clear();
  seenBatches.get(manager)?.rows.clear();
}


interface RefreshFacts {
  id: string;
  survivor: string | null;
  first: Date | null;
  last: Date | null;
  traits: (Record<string, unknown> | null)[];
  name: string | null;
  tag_changes: { added: string[]; removed: string[] }[];
  tier: string | null;
  health_facts?: { type: string; at: string; data: unknown }[];
  last_visit?: { type: string; at: string; data: unknown } | null;
}

/**
 * The customer to refresh ($1, or whom $1 answers as when $3), whom that one answers as, and what its facts (those
 * of every id merged into it) and its row say: one round trip. Every part reads the same snapshot, as separate
 * statements did inside the transaction.
 */
const REFRESH_SQL = `
  WITH c AS (SELECT CASE WHEN $3 THEN COALESCE((SELECT customer_id FROM customer_aliases WHERE alias_id = $1), $1::uuid) ELSE $1::uuid END AS id),
  m AS (SELECT id FROM c UNION SELECT alias_id FROM customer_aliases WHERE customer_id = (SELECT id FROM c))
  SELECT (SELECT id FROM c) AS id, (SELECT customer_id FROM customer_aliases WHERE alias_id = (SELECT id FROM c)) AS survivor,
    (SELECT min(at) FROM customer_timeline WHERE customer_id IN (SELECT * FROM m) AND type <> ALL($2)) AS first,
    (SELECT max(at) FROM customer_timeline WHERE customer_id IN (SELECT * FROM m) AND type <> ALL($2)) AS last,
    COALESCE((SELECT json_agg(data->'traits' ORDER BY at, event_id) FROM customer_timeline
      WHERE customer_id IN (SELECT * FROM m) AND type = 'cs.customer.identified.v1'), '[]') AS traits,
    (SELECT data->'customer'->>'name' FROM customer_timeline WHERE customer_id IN (SELECT * FROM m) AND data->'customer'->>'name' IS NOT NULL
      ORDER BY at DESC, event_id DESC LIMIT 1) AS name,
    COALESCE((SELECT json_agg(data ORDER BY at, event_id) FROM customer_timeline
      WHERE customer_id IN (SELECT * FROM m) AND type = 'cs.customer.tags-changed.v1'), '[]') AS tag_changes,
    (SELECT tier FROM customers WHERE id = (SELECT id FROM c)) AS tier`;
/** With the facts health signals are folded from ($4, $5: see signalsFromFacts). */
const REFRESH_WITH_SIGNALS_SQL = `${REFRESH_SQL}, ${healthFactsJsonSql('$4', '$5')}`;

/**
 * Recomputes a customer's cached row from its facts (those of every id merged into it), so the row never
 * depends on the order facts arrived in. A tier that changed is announced. `answeringAs`: refresh the customer the
 * id answers as (one round trip less than asking first). Returns the customer and its row as the care step reads it
 * (locked by the upsert), none when the id answers as another customer (its row is gone); `withSignals`: also its
 * health signals folded from its facts (what signalsFromFacts would read next, in the same round trip).
 */
export async function refreshCustomer(
  manager: EntityManager, requested: string, cause: { id: string; at: string }, o: { answeringAs?: boolean; withSignals?: boolean } = {},
): Promise<{ id: string; row?: CareRow; signals?: HealthSignals }> {
  await flushFacts(manager);
  const [facts]: RefreshFacts[] = await manager.query(
    o.withSignals ? REFRESH_WITH_SIGNALS_SQL : REFRESH_SQL,
    [requested, OUTCOME_TYPES, Boolean(o.answeringAs), ...(o.withSignals ? [HEALTH_FACT_TYPES, VISIT_TYPES] : [])],
  );
  const { id } = facts;
  const batch = seenBatches.get(manager);
  // First/last seen are recomputed from the facts below (or the row goes): what was kept for them is moot.
  batch?.widen.delete(id);
  if ((facts.survivor ?? id) !== id) {
    dropPendingHealth(manager, id);
    batch?.rows.delete(id);
    batch?.answersAs.clear();
    await manager.query('DELETE FROM customers WHERE id = $1', [id]);
    return { id };
  }
  const traits: Record<string, unknown> = Object.assign({}, ...facts.traits.map((t) => t ?? {}));
  const tier = typeof traits.tier === 'string' ? traits.tier : null;
  const [row]: CareRow[] = await manager.query(
    `INSERT INTO customers (id, name, traits, tier, tags, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, traits = EXCLUDED.traits, tier = EXCLUDED.tier, tags = EXCLUDED.tags,
       first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at
     RETURNING ${CARE_COLUMNS}`,
    [id, (traits.name as string | undefined) ?? facts.name ?? null, JSON.stringify(traits), tier, foldTags(facts.tag_changes), facts.first, facts.last],
  );
  batch?.rows.set(id, row);
  if (tier && tier !== facts.tier) await ProfileEvents.tierChanged(manager, id, facts.tier, tier, cause);
  const signals = facts.health_facts && signalsOf([...facts.health_facts, ...(facts.last_visit ? [facts.last_visit] : [])]);
  return { id, row, signals };
}
