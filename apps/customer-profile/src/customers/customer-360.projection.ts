import {
  type CustomerErasedData, type CustomerRef, customerIdFor, customerIdOfIdentity, type CustomersMergedData, type CustomersUnmergedData, identitiesOf, Topics,
} from '@csp/contracts';
import { type IdentityConfig, isVouched } from '@csp/customer-profile-domain';
import { CustomerCare, type CustomerCareOptions } from '../care/customer-care';
import { applyProfileConfig } from '../config/profile-config.apply';
import { signalEventOf } from '../health/health-signals.store';
import type { DeliveredEvent } from '@csp/message-bus';
import type { Projection } from '@csp/projections';
import type { EntityManager } from 'typeorm';
import { type IdentityChange, IdentityGraph, prefetchObservations } from '../identity/identity-graph';
import { OUTCOME_TYPES, ProfileEvents } from '../identity/profile-events';
import { refreshCustomer, survivorOf, touchSeen } from './customer-refresh';
import { applyTicketEvent } from './customer-tickets.apply';
import { aboutErased, eraseCustomer } from './erasure/customer-erasure';

export interface Customer360ProjectionDeps {
  identity: IdentityConfig;
  /** Clock, risk-alert address and birthday greetings of health, segments and care (all optional). */
  care?: CustomerCareOptions;
}


/**
 * The 360 view. Interactions feed the identity graph and the timeline (keyed by the id the event named);
 * ticket events list the customer's tickets; manual merges and unmerges (cs.customers.v1) are decisions of the
 * graph. Every write is an upsert of a fact or a recomputation from facts, so delivering an event twice or in
 * another order across customers leaves the same tables. After each event the customers it touched are
 * re-assessed (health, segments, birthday plan: CustomerCare); segment documents arrive as profileConfig events.
 * An erasure removes the customer's rows; later deliveries of what happened before it are not applied again.
 */
export function customer360Projection(deps: Customer360ProjectionDeps): Projection {
  const care = new CustomerCare(deps.care);
  return {
    name: 'customer-profile.customer-360',
    topics: [Topics.interactions, Topics.ticketing, Topics.customers],
    async prepare(events, manager) {
      // Most interactions repeat an identifier set already stored: known up front, they need no statement.
      const sets = events.flatMap((e) => (e.category === 'interaction' ? [customerOf(e)] : [])).flatMap((ref) => (ref ? [identitiesOf(ref)] : []));
      if (sets.length > 0) await prefetchObservations(manager, deps.identity, sets);
    },
    async apply(event, manager) {
      if (event.category === 'profileConfig') return applyProfileConfig(event, manager, care);
      const cause = { id: event.id, at: happenedAt(event) };
      if (event.type === 'cs.customer.erased.v1') return eraseCustomer(manager, event.data as CustomerErasedData, deps.care?.birthdays);
      if (await aboutErased(manager, event, namedIds(event), cause.at)) return;
      const graph = new IdentityGraph(manager, deps.identity);
      const applied = await applyByCategory(event, manager, graph, cause.at);
      if (!applied) return;
      const { change, touched, decision } = applied;
      if (change) await ProfileEvents.announceMoves(manager, change.moves, { ...cause, manual: decision });
      // The cheap path (only first/last seen move) also tells whom the id answers as.
      const seen = !change && !applied.rowChanges && touched !== undefined ? await touchSeen(manager, touched, cause.at) : undefined;
      const cheap = seen !== undefined;
      const refresh = new Set(change?.affected ?? []);
      if (touched) refresh.add(seen?.id ?? (await survivorOf(manager, touched)));
      if (!cheap) for (const id of [...refresh].sort()) await refreshCustomer(manager, id, cause);
      const fact = applied.newFact ? signalEventOf({ type: event.type, at: cause.at, data: event.data }) : undefined;
      await care.afterEvent(manager, [...refresh].sort(), cause, { fact, recompute: Boolean(change), refreshed: !cheap, row: seen });
    },
  };
}

interface Applied {
  change?: IdentityChange;
  /** The id the event named (its facts are keyed by it). */
  touched?: string;
  /** An agent's merge or unmerge (its own pair is announced by the API). */
  decision?: { survivorId: string; mergedId: string };
  /** The event may change the cached row beyond first/last seen (traits, name, tags). */
  rowChanges?: boolean;
  /** Its fact was stored now (not a redelivery): health folds it. */
  newFact?: boolean;
}

async function applyByCategory(event: DeliveredEvent, manager: EntityManager, graph: IdentityGraph, at: string): Promise<Applied | undefined> {
  if (event.category === 'interaction') {
    const ref = customerOf(event);
    if (!ref || identitiesOf(ref).length === 0) return undefined;
    const change = await graph.observe(identitiesOf(ref), at, event.id, isVouched(event.type, event.data as { channel?: string }));
    const usable = graph.usable(identitiesOf(ref));
    const touched = customerIdFor(usable.length ? refOf(usable) : ref);
    const newFact = await addFact(manager, event, touched, at);
    return { change, touched, newFact, rowChanges: event.type === 'cs.customer.identified.v1' || Boolean(ref.name) };
  }
  if (event.category === 'ticket') {
    const touched = await applyTicketEvent(event, manager);
    const newFact = touched ? await addFact(manager, event, touched, at) : false;
    return { touched, newFact };
  }
  if (event.category !== 'customer') return undefined;
  if (event.type !== 'cs.customer.merged.v1' && event.type !== 'cs.customer.unmerged.v1') {
    const touched = (event.data as { customerId?: string }).customerId;
    if (touched) await addFact(manager, event, touched, at);
    // The projection's own outcomes: applying them again would only re-decide what caused them.
    if (OUTCOME_TYPES.includes(event.type)) return undefined;
    return { touched, rowChanges: event.type === 'cs.customer.tags-changed.v1' };
  }
  const d = event.data as CustomersMergedData | CustomersUnmergedData;
  await addFact(manager, event, d.survivorId, at);
  // Announcements of the resolver (actor `system`) are outcomes, not decisions: replaying them changes nothing.
  if (d.actor.kind === 'system') return { touched: d.survivorId };
  const kind = event.type === 'cs.customer.merged.v1' ? 'merge' : 'separate';
  const change = await graph.decide({ id: event.id, at, kind, a: d.survivorId, b: d.mergedId });
  return { change, touched: d.survivorId, decision: { survivorId: d.survivorId, mergedId: d.mergedId }, rowChanges: true };
}

function customerOf(event: DeliveredEvent): CustomerRef | undefined {
  const data = event.data as { customer?: CustomerRef; platform?: string; handle?: string };
  if (data.customer) return data.customer;
  // A mention without a known customer still belongs to the handle's own customer.
  if (event.type === 'cs.social.mentioned.v1' && data.platform && data.handle) return { social: { platform: data.platform, handle: data.handle } };
  return undefined;
}

/** Every customer id the event names (an interaction: the id of each identifier it carries). */
function namedIds(event: DeliveredEvent): string[] {
  const data = event.data as { customerId?: string; survivorId?: string; mergedId?: string };
  const ids = [data.customerId, data.survivorId, data.mergedId].filter((id): id is string => typeof id === 'string');
  const ref = event.category === 'interaction' ? customerOf(event) : undefined;
  if (ref) ids.push(...identitiesOf(ref).map(customerIdOfIdentity));
  return ids;
}

function refOf(identities: readonly { kind: string; value: string }[]): CustomerRef {
  const [first] = identities;
  if (first.kind === 'social') {
    const colon = first.value.indexOf(':');
    return { social: { platform: first.value.slice(0, colon), handle: first.value.slice(colon + 1) } };
  }
  return { [first.kind]: first.value } as CustomerRef;
}

const happenedAt = (event: DeliveredEvent): string => {
  const data = event.data as { at?: string; openedAt?: string };
  const at = event.time || data.at || data.openedAt || event.recordedAt;
  return new Date(at ?? 0).toISOString();
};

/** True when the fact is new (a redelivered event at another position finds its row). */
async function addFact(manager: EntityManager, event: DeliveredEvent, customerId: string, at: string): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    'INSERT INTO customer_timeline (event_id, customer_id, type, at, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
    [event.id, customerId, event.type, at, JSON.stringify(event.data)],
  );
  return inserted.length > 0;
}
