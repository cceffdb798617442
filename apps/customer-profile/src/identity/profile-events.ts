import { type CustomersMergedData, type CustomersUnmergedData, type CustomerTierChangedData, derivedId } from '@csp/contracts';
import type { NewEvent } from '@csp/event-store';
import { enqueueEvents } from '@csp/projections';
import type { EntityManager } from 'typeorm';
import type { AliasMove } from './identity-graph';

const RESOLVER = { kind: 'system', id: 'identity-resolution' } as const;

/**
 * Outcomes of assessing the customer (at the service's clock, not when the customer did something): on the
 * timeline, but they neither count as the customer being seen nor feed any assessment.
 */
export const OUTCOME_TYPES: readonly string[] = [
  'cs.customer.health-changed.v1', 'cs.churn-risk.raised.v1', 'cs.churn-risk.cleared.v1', 'cs.segment.entered.v1', 'cs.segment.left.v1',
];

/**
 * The service's own announcements, decided while it applies the event that caused them and written to the outbox
 * in that same transaction (the relay appends them to the store after the commit): a batch rolled back leaves
 * none behind. Their ids derive from the cause, so a redelivery or a replay appends nothing new (the store skips a
 * known id).
 */
export const ProfileEvents = {
  /** Merges and unmerges the identity graph decided; a manual decision's own pair was announced by the API. */
  async announceMoves(manager: EntityManager, moves: readonly AliasMove[], cause: { id: string; at: string; manual?: { survivorId: string; mergedId: string } }): Promise<void> {
    for (const m of moves) {
      const { manual } = cause;
      if (manual && ((m.to === manual.survivorId && m.aliasId === manual.mergedId) || (m.from === manual.survivorId && m.aliasId === manual.mergedId))) continue;
      if (m.from !== m.aliasId) {
        const data: CustomersUnmergedData = { survivorId: m.from, mergedId: m.aliasId, reason: 'identity resolution moved it', actor: RESOLVER, at: cause.at };
        await append(manager, m.from, { id: derivedId(`unmerged:${m.from}:${m.aliasId}`, cause.id), type: 'cs.customer.unmerged.v1', data }, cause.id);
      }
      if (m.to !== m.aliasId) {
        const data: CustomersMergedData = {
          survivorId: m.to, mergedId: m.aliasId, mode: 'automatic', reason: manual ? 'follows a manual decision' : 'identifiers seen together', actor: RESOLVER, at: cause.at,
        };
        await append(manager, m.to, { id: derivedId(`merged:${m.to}:${m.aliasId}`, cause.id), type: 'cs.customer.merged.v1', data }, cause.id);
      }
    }
  },

  async tierChanged(manager: EntityManager, customerId: string, from: string | null, to: string, cause: { id: string; at: string }): Promise<void> {
    const data = { customerId, ...(from ? { from } : {}), to, reason: 'traits of cs.customer.identified.v1', at: cause.at } as CustomerTierChangedData;
    await append(manager, customerId, { id: derivedId(`tier:${customerId}:${to}`, cause.id), type: 'cs.customer.tier-changed.v1', data }, cause.id);
  },

  /** An outcome of the customer's state (health, churn risk, segments): `key` tells apart several of one cause. */
  async announce(manager: EntityManager, customerId: string, key: string, type: string, data: { at: string }, causeId: string): Promise<string> {
    const id = derivedId(`${key}:${customerId}`, causeId);
    await append(manager, customerId, { id, type, data }, causeId);
    return id;
  },
};

async function append(manager: EntityManager, customerId: string, event: NewEvent<{ at: string }>, causeId: string): Promise<void> {
  // Appended with 'any' revision: these follow facts, not a decision over the stream's state.
  const metadata = { partitionKey: customerId, causationId: causeId, occurredAt: event.data.at };
  await enqueueEvents(manager, `customer-${customerId}`, [{ ...event, metadata }]);
}
