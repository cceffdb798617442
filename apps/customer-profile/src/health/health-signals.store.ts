import { evolveSignals, type HealthSignals, initialSignals, type SignalEvent } from '@csp/customer-profile-domain';
import type { EntityManager } from 'typeorm';

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
 * and an unmerge gives both customers back exactly their own signals.
 */
export async function signalsFromFacts(manager: EntityManager, members: readonly string[]): Promise<HealthSignals> {
  const facts: { type: string; at: Date; data: unknown }[] = await manager.query(
    `SELECT type, at, data FROM customer_timeline WHERE customer_id = ANY($1) AND type = ANY($2) ORDER BY at, event_id`,
    [members, HEALTH_FACT_TYPES],
  );
  const [visit]: { type: string; at: Date; data: unknown }[] = await manager.query(
    `SELECT type, at, data FROM customer_timeline WHERE customer_id = ANY($1) AND type = ANY($2) ORDER BY at DESC LIMIT 1`,
    [members, VISIT_TYPES],
  );
  return [...facts, ...(visit ? [visit] : [])].map(signalEventOf).reduce(evolveSignals, initialSignals());
}

export function signalEventOf(fact: { type: string; at: Date | string; data: unknown }): SignalEvent {
  return { type: fact.type, time: new Date(fact.at).toISOString(), data: fact.data };
}
