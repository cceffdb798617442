import { evolveSignals, type HealthSignals, initialSignals, type SignalEvent } from '@csp/customer-profile-domain';
import type { EntityManager } from 'typeorm';
import { flushFacts } from '../customers/timeline-writes';

/** The facts `evolveSignals` reads; every other event leaves the signals as they are. */
export const HEALTH_FACT_TYPES: readonly string[] = [
  'cs.order.placed.v1', 'cs.order.refunded.v1', 'cs.survey.answered.v1', 'cs.ticket.opened.v1', 'cs.ticket.routed.v1',
  'cs.ticket.status-changed.v1', 'cs.ticket.merged.v1', 'cs.sla.breached.v1',
];
/** A visit only moves `lastVisitAt`: the latest one stands for all of them. */
export const VISIT_TYPES: readonly string[] = ['cs.page.viewed.v1', 'cs.product.viewed.v1', 'cs.cart.abandoned.v1'];

export const isHealthFact = (type: string): boolean => HEALTH_FACT_TYPES.includes(type) || VISIT_TYPES.includes(type);

/**
 * The signals of a customer folded from its facts (those of every id merged into it), in time order. Facts
 * are stored once per event id, so a redelivered event or the customer's merge never counts anything twice,
 * and an unmerge gives both customers back exactly their own signals. One round trip: the facts, then the
 * latest visit.
 */
export async function signalsFromFacts(manager: EntityManager, customerId: string): Promise<HealthSignals> {
  await flushFacts(manager);
  const facts: { type: string; at: Date; data: unknown }[] = await manager.query(
    `WITH m AS (SELECT $1::uuid UNION SELECT alias_id FROM customer_aliases WHERE customer_id = $1)
     (SELECT 0 AS part, type, at, data, event_id FROM customer_timeline WHERE customer_id IN (SELECT * FROM m) AND type = ANY($2))
     UNION ALL
     (SELECT 1, type, at, data, event_id FROM customer_timeline WHERE customer_id IN (SELECT * FROM m) AND type = ANY($3) ORDER BY at DESC LIMIT 1)
     ORDER BY part, at, event_id`,
    [customerId, HEALTH_FACT_TYPES, VISIT_TYPES],
  );
  return signalsOf(facts);
}

/** The signals folded from facts in time order (the latest visit last), as `signalsFromFacts` reads them. */
export const signalsOf = (facts: readonly { type: string; at: Date | string; data: unknown }[]): HealthSignals =>
  facts.map(signalEventOf).reduce(evolveSignals, initialSignals());

/**
 * The same facts as JSON expressions over a members CTE `m`, for a statement that reads them beside other things:
 * `healthFactsJsonSql('$5', '$6')` gives the columns health_facts and last_visit (`signalsOf([...facts, visit])`).
 */
export const healthFactsJsonSql = (healthTypes: string, visitTypes: string) => `
  COALESCE((SELECT json_agg(json_build_object('type', type, 'at', at, 'data', data) ORDER BY at, event_id) FROM customer_timeline
    WHERE customer_id IN (SELECT * FROM m) AND type = ANY(${healthTypes})), '[]') AS health_facts,
  (SELECT json_build_object('type', type, 'at', at, 'data', data) FROM customer_timeline
    WHERE customer_id IN (SELECT * FROM m) AND type = ANY(${visitTypes}) ORDER BY at DESC LIMIT 1) AS last_visit`;

export function signalEventOf(fact: { type: string; at: Date | string; data: unknown }): SignalEvent {
  return { type: fact.type, time: new Date(fact.at).toISOString(), data: fact.data };
}
