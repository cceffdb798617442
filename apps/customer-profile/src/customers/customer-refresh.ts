import { foldTags } from '@csp/customer-profile-domain';
import type { EntityManager } from 'typeorm';
import { CARE_COLUMNS, type CareRow } from '../health/reassess-health';
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
 * The cheap path for an event that only adds a fact: widen the customer's first/last seen (min and max do not
 * depend on arrival order). Returns the row of the customer the id answers as, locked, with what the care step
 * reads (one round trip less per event), or undefined when it has no row yet (then it needs a full refresh).
 */
export async function touchSeen(manager: EntityManager, id: string, at: string): Promise<CareRow | undefined> {
  const [rows]: [CareRow[], number] = await manager.query(
    `UPDATE customers SET first_seen_at = LEAST(first_seen_at, $2::timestamptz), last_seen_at = GREATEST(last_seen_at, $2::timestamptz)
     WHERE id = (SELECT COALESCE((SELECT customer_id FROM customer_aliases WHERE alias_id = $1), $1::uuid)) RETURNING ${CARE_COLUMNS}`,
    [id, at],
  );
  return rows[0];
}

/**
 * Recomputes a customer's cached row from its facts (those of every id merged into it), so the row never
 * depends on the order facts arrived in. A tier that changed is announced.
 */
export async function refreshCustomer(manager: EntityManager, id: string, cause: { id: string; at: string }): Promise<void> {
  if ((await survivorOf(manager, id)) !== id) {
    await manager.query('DELETE FROM customers WHERE id = $1', [id]);
    return;
  }
  const members = await membersOf(manager, id);
  const [seen]: { first: Date | null; last: Date | null }[] = await manager.query(
    'SELECT min(at) AS first, max(at) AS last FROM customer_timeline WHERE customer_id = ANY($1) AND type <> ALL($2)',
    [members, OUTCOME_TYPES],
  );
  const identified: { data: { customer?: { name?: string }; traits?: Record<string, unknown> } }[] = await manager.query(
    `SELECT data FROM customer_timeline WHERE customer_id = ANY($1) AND type = 'cs.customer.identified.v1' ORDER BY at, event_id`,
    [members],
  );
  const traits: Record<string, unknown> = Object.assign({}, ...identified.map((r) => r.data.traits ?? {}));
  const [named]: { name: string }[] = await manager.query(
    `SELECT data->'customer'->>'name' AS name FROM customer_timeline WHERE customer_id = ANY($1) AND data->'customer'->>'name' IS NOT NULL ORDER BY at DESC, event_id DESC LIMIT 1`,
    [members],
  );
  const tagChanges: { data: { added: string[]; removed: string[] } }[] = await manager.query(
    `SELECT data FROM customer_timeline WHERE customer_id = ANY($1) AND type = 'cs.customer.tags-changed.v1' ORDER BY at, event_id`,
    [members],
  );
  const tier = typeof traits.tier === 'string' ? traits.tier : null;
  const [previous]: { tier: string | null }[] = await manager.query('SELECT tier FROM customers WHERE id = $1', [id]);
  await manager.query(
    `INSERT INTO customers (id, name, traits, tier, tags, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, traits = EXCLUDED.traits, tier = EXCLUDED.tier, tags = EXCLUDED.tags,
       first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at`,
    [id, (traits.name as string | undefined) ?? named?.name ?? null, JSON.stringify(traits), tier, foldTags(tagChanges.map((r) => r.data)), seen?.first ?? null, seen?.last ?? null],
  );
  if (tier && tier !== (previous?.tier ?? null)) await ProfileEvents.tierChanged(manager, id, previous?.tier ?? null, tier, cause);
}
