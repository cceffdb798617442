import {
  type CustomerErasedData, type CustomerRef, customerIdFor, customerIdOfIdentity, type CustomersMergedData, type CustomersUnmergedData, identitiesOf, Topics,
} from '@csp/contracts';
import { type HealthSignals, type IdentityConfig, isVouched } from '@csp/customer-profile-domain';
import { CustomerCare, type CustomerCareOptions } from '../care/customer-care';
import { applyProfileConfig } from '../config/profile-config.apply';
import { signalEventOf } from '../health/health-signals.store';
import { currentSegments, SEGMENTS_DOCUMENT_SQL, segmentsOf } from '../segments/evaluate-segments';
import { flushHealth, writeHealthBehind } from '../health/health-writes';
import type { CareRow } from '../health/reassess-health';
import type { DeliveredEvent } from '@csp/message-bus';
import { enqueueBehind, flushEnqueued, type Projection } from '@csp/projections';
import type { EntityManager } from 'typeorm';
import { type IdentityChange, IdentityGraph, knowObservations, type ObservationJson, observationIdsOf, observationsJsonSql } from '../identity/identity-graph';
import { OUTCOME_TYPES, ProfileEvents } from '../identity/profile-events';
import { flushSeen, refreshCustomer, survivorOf, touchBehind, touchSeen } from './customer-refresh';
import { applyTicketEvent } from './customer-tickets.apply';
import { addFact, type Fact, flushFacts, storedFactsSql, writeFactsBehind } from './timeline-writes';
import { aboutErased, ANY_ERASED_SQL, anyErased, eraseCustomer } from './erasure/customer-erasure';

export interface Customer360ProjectionDeps {
  identity: IdentityConfig;
  /** Clock, risk-alert address and birthday greetings of health, segments and care (all optional). */
  care?: CustomerCareOptions;
}


/** The projection's name: its checkpoints' key and consumer group. */
export const CUSTOMER_360_PROJECTION = 'customer-profile.customer-360';

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
    name: CUSTOMER_360_PROJECTION,
    topics: [Topics.interactions, Topics.ticketing, Topics.customers],
    async prepare(events, manager) {
      // One statement for what the batch reads anyway: most interactions repeat an identifier set already stored
      // (known up front, they need no statement), which facts are stored already, whether anyone was erased, the
      // segments. Timeline rows, assessments, first/last seen and announcements are then written behind: kept in
      // memory, written in one statement each before a reader needs them and before the commit (beforeCommit).
      const sets = events.flatMap((e) => (e.category === 'interaction' ? [customerOf(e)] : [])).flatMap((ref) => (ref ? [identitiesOf(ref)] : []));
      // A batch of one event writes each row once anyway: then nothing is kept behind (nor looked up for it).
      const behind = events.length > 1;
      const factIds = behind ? events.filter((e) => e.category !== 'profileConfig').map((e) => e.id) : [];
      const [known]: { observations: ObservationJson[]; stored: string[]; any_erased: boolean; segments: Parameters<typeof segmentsOf>[0] }[] = await manager.query(
        `SELECT ${observationsJsonSql('$1')} AS observations, ${storedFactsSql('$2')} AS stored, ${ANY_ERASED_SQL} AS any_erased, ${SEGMENTS_DOCUMENT_SQL} AS segments`,
        [observationIdsOf(deps.identity, sets), factIds],
      );
      knowObservations(manager, known.observations);
      anyErased.know(manager, known.any_erased);
      currentSegments.know(manager, segmentsOf(known.segments));
      if (!behind) return;
      writeFactsBehind(manager, factIds, known.stored);
      writeHealthBehind(manager);
      touchBehind(manager);
      enqueueBehind(manager);
    },
    async beforeCommit(manager) {
      await flushFacts(manager);
      await flushHealth(manager);
      await flushSeen(manager);
      await flushEnqueued(manager);
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
      // Rows as the care step reads them, from the statements that wrote them (no row: the id was merged away).
      const rows = new Map<string, CareRow | undefined>(seen ? [[seen.id, seen]] : []);
      const signals = new Map<string, HealthSignals>();
      if (cheap) refresh.add(seen.id);
      else if (touched && !change) {
        const refreshed = await refreshCustomer(manager, touched, cause, { answeringAs: true });
        refresh.add(refreshed.id);
        rows.set(refreshed.id, refreshed.row);
      } else {
        if (touched) refresh.add(change?.answersAs.get(touched) ?? (await survivorOf(manager, touched)));
        for (const id of [...refresh].sort()) {
          // Identities moved (or a decision came): the care step recomputes their signals from facts.
          const refreshed = await refreshCustomer(manager, id, cause, { withSignals: Boolean(change) });
          rows.set(id, refreshed.row);
          if (refreshed.signals) signals.set(id, refreshed.signals);
        }
      }
      const fact = applied.newFact ? signalEventOf({ type: event.type, at: cause.at, data: event.data }) : undefined;
      await care.afterEvent(manager, [...refresh].sort(), cause, { fact, recompute: Boolean(change), refreshed: !cheap, rows, signals });
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
    const newFact = await addFact(manager, factOf(event, touched, at));
    return { change, touched, newFact, rowChanges: event.type === 'cs.customer.identified.v1' || Boolean(ref.name) };
  }
  if (event.category === 'ticket') {
    const touched = await applyTicketEvent(event, manager);
    const newFact = touched ? await addFact(manager, factOf(event, touched, at)) : false;
    return { touched, newFact };
  }
  if (event.category !== 'customer') return undefined;
  if (event.type !== 'cs.customer.merged.v1' && event.type !== 'cs.customer.unmerged.v1') {
    const touched = (event.data as { customerId?: string }).customerId;
    if (touched) await addFact(manager, factOf(event, touched, at));
    // The projection's own outcomes: applying them again would only re-decide what caused them.
    if (OUTCOME_TYPES.includes(event.type)) return undefined;
    return { touched, rowChanges: event.type === 'cs.customer.tags-changed.v1' };
  }
  const d = event.data as CustomersMergedData | CustomersUnmergedData;
  await addFact(manager, factOf(event, d.survivorId, at));
  // Announcements of the resolver (actor `system`) are outcomes, not decisions: replaying them changes nothing.
  if (d.actor.kind === 'system') return { touched: d.survivorId };
  const kind = event.type === 'cs.customer.merged.v1' ? 'merge' : 'separate';
  const change = await graph.decide({ id: event.id, at, kind, a: d.survivorId, b: d.mergedId });
  return { change, touched: d.survivorId, decision: { survivorId: d.survivorId, mergedId: d.mergedId }, rowChanges: true };
}

export function customerOf(event: DeliveredEvent): CustomerRef | undefined {
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

export function refOf(identities: readonly { kind: string; value: string }[]): CustomerRef {
  const [first] = identities;
  if (first.kind === 'social') {
    const colon = first.value.indexOf(':');
    return { social: { platform: first.value.slice(0, colon), handle: first.value.slice(colon + 1) } };
  }
  return { [first.kind]: first.value } as CustomerRef;
}

export const happenedAt = (event: DeliveredEvent): string => {
  const data = event.data as { at?: string; openedAt?: string };
  const at = event.time || data.at || data.openedAt || event.recordedAt;
  return new Date(at ?? 0).toISOString();
};

/** The event's row on the timeline of the customer id it named. */
export const factOf = (event: DeliveredEvent, customerId: string, at: string): Fact => ({ eventId: event.id, customerId, type: event.type, at, data: event.data });
