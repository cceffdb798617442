import type { CustomerErasedData } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { EntityManager } from 'typeorm';
import type { BirthdayGreetings } from '../../care/birthday-greetings';
import { forgetObservations } from '../../identity/identity-graph';
import { forgetHealth } from '../../health/health-writes';
import { forgetSeen } from '../customer-refresh';
import { perTransaction } from '../per-transaction';
import { forgetFacts } from '../timeline-writes';

/** Whether anyone was ever erased: almost always false, and then no event needs the per-event check. */
export const ANY_ERASED_SQL = 'EXISTS (SELECT 1 FROM erased_customers)';
export const anyErased = perTransaction(async (manager) => ((await manager.query(`SELECT ${ANY_ERASED_SQL} AS any`)) as { any: boolean }[])[0].any);

/**
 * Applies `cs.customer.erased.v1`: every row of this service about the customer and the ids merged into it goes
 * (360 row, aliases, identities, the identifier sets that contain one of its own identifiers, decisions, timeline,
 * tickets, planned greetings), and the ids are remembered with the time (erased_customers). A shared identifier
 * (a family email) also belongs to the others who use it: observations are chosen by the customer's own,
 * unshared identifiers, so the others keep theirs. Nothing is re-resolved: the others' customers stay as they are.
 */
export async function eraseCustomer(manager: EntityManager, data: CustomerErasedData, birthdays?: BirthdayGreetings): Promise<void> {
  // What the batch kept in memory is written first, so the deletes below take it too.
  await forgetFacts(manager);
  await forgetHealth(manager);
  await forgetSeen(manager);
  const named = [data.customerId, ...data.alsoErasedIds];
  // Ids merged in after the request was made go too: the request was for the person, not for a list of ids.
  const aliases: { alias_id: string; identity_key: string }[] = await manager.query(
    'SELECT alias_id, identity_key FROM customer_aliases WHERE customer_id = ANY($1) OR alias_id = ANY($1)',
    [named],
  );
  const ids = [...new Set([...named, ...aliases.map((a) => a.alias_id)])];
  const own: { key: string }[] = await manager.query(
    `SELECT kind || ':' || value AS key FROM customer_identities WHERE customer_id = ANY($1) AND NOT shared`,
    [ids],
  );
  const keys = [...new Set([...own.map((r) => r.key), ...aliases.map((a) => a.identity_key)])];
  await manager.query(
    `DELETE FROM identity_observations WHERE id IN (
       SELECT oi.observation_id FROM observation_identities oi
       WHERE oi.identity_key = ANY($1) AND oi.identity_key NOT IN (SELECT identity_key FROM shared_identities))`,
    [keys],
  );
  forgetObservations(manager);
  await manager.query(
    'DELETE FROM shared_identities s WHERE s.identity_key = ANY($1) AND NOT EXISTS (SELECT 1 FROM observation_identities oi WHERE oi.identity_key = s.identity_key)',
    [keys],
  );
  await manager.query('DELETE FROM identity_decisions WHERE a = ANY($1) OR b = ANY($1)', [ids]);
  await manager.query('DELETE FROM customer_identities WHERE customer_id = ANY($1)', [ids]);
  await manager.query('DELETE FROM customer_aliases WHERE customer_id = ANY($1) OR alias_id = ANY($1)', [ids]);
  for (const table of ['customer_timeline', 'customer_tickets']) await manager.query(`DELETE FROM ${table} WHERE customer_id = ANY($1)`, [ids]);
  await manager.query('DELETE FROM customers WHERE id = ANY($1)', [ids]);
  for (const id of ids) await birthdays?.forget(manager, id);
  await manager.query(
    `INSERT INTO erased_customers (customer_id, erased_at) SELECT unnest($1::uuid[]), $2
     ON CONFLICT (customer_id) DO UPDATE SET erased_at = GREATEST(erased_customers.erased_at, EXCLUDED.erased_at)`,
    [ids, data.at],
  );
  anyErased.forget(manager);
}

/**
 * True when applying the event would bring erased data back: it names (by `ids`) a customer erased after it
 * happened (a late or redelivered event), or it continues a ticket of an erased customer that the erasure removed
 * (an agent closing it later). What happens after the erasure otherwise starts a new customer.
 */
export async function aboutErased(manager: EntityManager, event: DeliveredEvent, ids: readonly string[], at: string): Promise<boolean> {
  if (ids.length === 0 || !(await anyErased.get(manager))) return false;
  const rows: { late: boolean }[] = await manager.query('SELECT erased_at >= $2 AS late FROM erased_customers WHERE customer_id = ANY($1)', [ids, at]);
  if (rows.some((r) => r.late)) return true;
  const ticketId = (event.data as { ticketId?: string }).ticketId;
  if (rows.length === 0 || event.category !== 'ticket' || event.type === 'cs.ticket.opened.v1' || !ticketId) return false;
  const known: unknown[] = await manager.query('SELECT 1 FROM customer_tickets WHERE ticket_id = $1', [ticketId]);
  return known.length === 0;
}
