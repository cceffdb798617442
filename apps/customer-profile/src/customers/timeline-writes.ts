import type { EntityManager } from 'typeorm';

/** A customer_timeline row: a fact keyed by the customer id the event named. */
export interface Fact {
  eventId: string;
  customerId: string;
  type: string;
  at: string;
  data: unknown;
}

/**
 * A projection batch's facts, written behind: which of the batch's events have a stored fact (read once, then kept
 * here) and the new rows not written yet.
 */
interface Batch {
  events: ReadonlySet<string>;
  stored: Set<string>;
  pending: Fact[];
}
const batches = new WeakMap<EntityManager, Batch>();

/** An expression: which of the events ($n, their ids) have a stored fact, for `writeFactsBehind`. */
export const storedFactsSql = (param: string) => `ARRAY(SELECT event_id FROM customer_timeline WHERE event_id = ANY(${param}))`;

/**
 * Before a batch (inside its transaction), given which of its events' facts are stored already: from then on their
 * facts are collected and written in one statement by `flushFacts`, which every reader of the timeline in the
 * transaction calls first (and the projection before its commit).
 */
export function writeFactsBehind(manager: EntityManager, eventIds: readonly string[], stored: readonly string[]): void {
  batches.set(manager, { events: new Set(eventIds), stored: new Set(stored), pending: [] });
}

/** Stores the fact; true when it is new (a redelivered event at another position finds its row). */
export async function addFact(manager: EntityManager, fact: Fact): Promise<boolean> {
  const batch = batches.get(manager);
  if (batch?.events.has(fact.eventId)) {
    if (batch.stored.has(fact.eventId)) return false;
    batch.stored.add(fact.eventId);
    batch.pending.push(fact);
    return true;
  }
  const inserted: unknown[] = await manager.query(
    'INSERT INTO customer_timeline (event_id, customer_id, type, at, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
    [fact.eventId, fact.customerId, fact.type, fact.at, JSON.stringify(fact.data)],
  );
  return inserted.length > 0;
}

/** Writes the facts collected so far (one statement; none when there are none). */
export async function flushFacts(manager: EntityManager): Promise<void> {
  const batch = batches.get(manager);
  if (!batch || batch.pending.length === 0) return;
  const rows = batch.pending.map((f) => ({ event_id: f.eventId, customer_id: f.customerId, type: f.type, at: f.at, data: f.data }));
  batch.pending = [];
  const written: unknown[] = await manager.query(
    `INSERT INTO customer_timeline (event_id, customer_id, type, at, data)
     SELECT event_id, customer_id, type, at, data FROM jsonb_to_recordset($1::jsonb) AS t(event_id text, customer_id uuid, type text, at timestamptz, data jsonb)
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [JSON.stringify(rows)],
  );
  // A fact counted as new (health folded it) was stored by a concurrent transaction since the batch read what was
  // stored: fail the batch, whose retry reads it as stored, rather than count it twice.
  if (written.length < rows.length) throw new Error(`customer_timeline: ${rows.length - written.length} of the batch's facts were stored meanwhile; retrying the batch`);
}

/** After rows were deleted in the transaction (erasure): what is stored is read again, row by row. */
export async function forgetFacts(manager: EntityManager): Promise<void> {
  await flushFacts(manager);
  batches.delete(manager);
}
