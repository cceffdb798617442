import {
  type CustomerErasedData, customerIdFor, type CustomersMergedData, type CustomersUnmergedData, identitiesOf, type ProfileConfigChangedData,
  type TicketOpenedData, type TicketStatusChangedData,
} from '@csp/contracts';
import { type IdentityConfig, type IdentityDecision, isBlocked, isVouched } from '@csp/customer-profile-domain';
import type { DeliveredEvent } from '@csp/message-bus';
import { customerOf, factOf, happenedAt, refOf } from '../customers/customer-360.projection';
import type { Fact } from '../customers/timeline-writes';
import { ON_TIMELINE } from '../customers/customer-tickets.apply';
import { HEALTH_FACT_TYPES, VISIT_TYPES } from '../health/health-signals.store';
import { observationIdOf, observationKeys } from '../identity/identity-graph';
import { OUTCOME_TYPES } from '../identity/profile-events';

/**
 * The log holds something the set-based rebuild does not decide (an erasure, a segments document): its result
 * depends on the order events were applied in, so the caller rebuilds with the per-event projection instead.
 */
export class NeedsPerEventRebuild extends Error {
  constructor(readonly reason: string) {
    super(`the set-based rebuild does not handle ${reason}; rebuild with the per-event projection`);
  }
}

/** A stored observation: an identifier set with its earliest sighting, vouched for once any sighting was. */
export interface FoldedObservation { keys: string[]; at: string; eventId: string; verified: boolean }

/** What a timeline fact is ordered by, as the projection's SQL orders facts (at, then event id). */
interface Timed { at: string; eventId: string }
/** The part of a health fact `evolveSignals` reads (the whole event data stays on the timeline only). */
export interface HealthFact extends Timed { type: string; data: Record<string, unknown> }

/** What the facts keyed by one customer id say (the projection reads the same from customer_timeline). */
export interface IdFacts {
  /** Earliest and latest fact that counts as the customer being seen (outcomes aside). */
  first?: string;
  last?: string;
  traits: (Timed & { traits: Record<string, unknown> | null })[];
  name?: Timed & { name: string };
  tagChanges: (Timed & { added: string[]; removed: string[] })[];
  health: HealthFact[];
  lastVisit?: HealthFact;
}

/** A customer_tickets row (columns by name). */
export interface TicketRow {
  ticket_id: string; customer_id: string; number: number; status: string; status_at: string; category: string | null;
  channel: string; subject: string; opened_at: string; solved_at: string | null;
}

/**
 * The whole log folded in memory, event by event in log order, with the projection's own rules for what each event
 * records: observations (one per identifier set), manual decisions, ticket rows, configuration documents, and per
 * customer id the facts the 360 row and the health signals are computed from. `add` returns the event's timeline
 * row (written as it comes, so the log itself is never held in memory).
 */
export class ProfileFold {
  readonly observations = new Map<string, FoldedObservation>();
  readonly decisions = new Map<string, IdentityDecision>();
  readonly tickets = new Map<string, TicketRow>();
  readonly configs = new Map<string, { version: number; document: unknown }>();
  /** Facts per customer id the events named (their timeline key). */
  readonly facts = new Map<string, IdFacts>();
  /** Ids the projection refreshes (a row is created for whom each answers as). */
  readonly touched = new Set<string>();
  events = 0;

  constructor(private readonly config: IdentityConfig) {}

  add(event: DeliveredEvent): Fact | undefined {
    this.events++;
    if (event.category === 'profileConfig') return this.config_(event);
    if (event.type === 'cs.customer.erased.v1') throw new NeedsPerEventRebuild(`an erasure (${(event.data as CustomerErasedData).customerId})`);
    const at = happenedAt(event);
    if (event.category === 'interaction') return this.interaction(event, at);
    if (event.category === 'ticket') return this.ticket(event, at);
    if (event.category === 'customer') return this.customer(event, at);
    return undefined;
  }

  private interaction(event: DeliveredEvent, at: string): Fact | undefined {
    const ref = customerOf(event);
    const identities = ref ? identitiesOf(ref) : [];
    if (!ref || identities.length === 0) return undefined;
    this.observe(observationKeys(identities, this.config), at, event.id, isVouched(event.type, event.data as { channel?: string }));
    const usable = identities.filter((i) => !isBlocked(i, this.config));
    return this.record(factOf(event, customerIdFor(usable.length ? refOf(usable) : ref), at), true);
  }

  /** The projection's observation upsert: the earliest (time, event id) sighting, vouching OR-ed. */
  private observe(keys: string[], at: string, eventId: string, verified: boolean): void {
    if (keys.length === 0) return;
    const id = observationIdOf(keys);
    const known = this.observations.get(id);
    if (!known) {
      this.observations.set(id, { keys, at, eventId, verified });
      return;
    }
    if (at < known.at || (at === known.at && eventId < known.eventId)) Object.assign(known, { at, eventId });
    known.verified ||= verified;
  }

  private ticket(event: DeliveredEvent, at: string): Fact | undefined {
    const data = event.data as { ticketId?: string; customerId?: string; category?: string };
    if (event.type === 'cs.ticket.opened.v1') {
      const d = event.data as TicketOpenedData;
      if (!this.tickets.has(d.ticketId)) {
        this.tickets.set(d.ticketId, {
          ticket_id: d.ticketId, customer_id: d.customerId, number: d.number, status: 'open', status_at: d.openedAt, category: d.category ?? null,
          channel: d.channel, subject: d.subject, opened_at: d.openedAt, solved_at: null,
        });
      }
    } else if (event.type === 'cs.ticket.status-changed.v1') {
      const d = event.data as TicketStatusChangedData;
      const row = this.tickets.get(d.ticketId);
      // A status only moves forward in time (the projection's `status_at <= $3`).
      if (row && Date.parse(row.status_at) <= Date.parse(d.at)) {
        row.solved_at = d.to === 'solved' ? d.at : d.to === 'closed' ? (row.solved_at ?? d.at) : row.solved_at;
        Object.assign(row, { status: d.to, status_at: d.at });
      }
    } else if (event.type === 'cs.ticket.routed.v1' && data.ticketId && data.category) {
      const row = this.tickets.get(data.ticketId);
      if (row) row.category = data.category;
    }
    if (!ON_TIMELINE.has(event.type) || !data.customerId) return undefined;
    return this.record(factOf(event, data.customerId, at), true);
  }

  private customer(event: DeliveredEvent, at: string): Fact | undefined {
    if (event.type !== 'cs.customer.merged.v1' && event.type !== 'cs.customer.unmerged.v1') {
      const touched = (event.data as { customerId?: string }).customerId;
      // The projection's own outcomes are on the timeline only.
      return touched ? this.record(factOf(event, touched, at), !OUTCOMES.has(event.type)) : undefined;
    }
    const d = event.data as CustomersMergedData | CustomersUnmergedData;
    if (d.actor.kind !== 'system' && !this.decisions.has(event.id)) {
      const kind = event.type === 'cs.customer.merged.v1' ? 'merge' : 'separate';
      this.decisions.set(event.id, { id: event.id, at, kind, a: d.survivorId, b: d.mergedId });
    }
    return this.record(factOf(event, d.survivorId, at), true);
  }

  private config_(event: DeliveredEvent): undefined {
    if (event.type !== 'cs.customer-profile.config-changed.v1') return undefined;
    const { kind, version, document } = event.data as ProfileConfigChangedData;
    if (kind === 'segments' && ((document as { segments?: unknown[] }).segments ?? []).length > 0) throw new NeedsPerEventRebuild('a segments document');
    const known = this.configs.get(kind);
    if (!known || known.version < version) this.configs.set(kind, { version, document });
    return undefined;
  }

  /** Keeps what the 360 row and health read of the fact; `touches`: the projection refreshes its customer. */
  private record(fact: Fact, touches: boolean): Fact {
    const id = fact.customerId;
    if (touches) this.touched.add(id);
    let f = this.facts.get(id);
    if (!f) this.facts.set(id, (f = newFacts()));
    const { at, eventId, type } = fact;
    const data = (fact.data ?? {}) as Record<string, unknown>;
    if (!OUTCOMES.has(type)) {
      if (f.first === undefined || at < f.first) f.first = at;
      if (f.last === undefined || at > f.last) f.last = at;
    }
    if (type === 'cs.customer.identified.v1') f.traits.push({ at, eventId, traits: (data['traits'] as Record<string, unknown> | undefined) ?? null });
    const name = nameOf(data);
    if (name !== undefined && (!f.name || later({ at, eventId }, f.name))) f.name = { at, eventId, name };
    if (type === 'cs.customer.tags-changed.v1') f.tagChanges.push({ at, eventId, added: (data['added'] as string[]) ?? [], removed: (data['removed'] as string[]) ?? [] });
    if (HEALTH_FACTS.has(type)) f.health.push({ at, eventId, type, data: signalData(data) });
    // Only the latest visit counts (lastVisitAt): no object per visit.
    if (VISITS.has(type) && (!f.lastVisit || at > f.lastVisit.at)) f.lastVisit = { at, eventId, type, data: NO_DATA };
    return fact;
  }
}

// Sets of the projection's type lists: `record` asks them for every event of the log.
const OUTCOMES = new Set(OUTCOME_TYPES);
const HEALTH_FACTS = new Set(HEALTH_FACT_TYPES);
const VISITS = new Set(VISIT_TYPES);

const newFacts = (): IdFacts => ({ traits: [], tagChanges: [], health: [] });

/** (at, event id) after another, the order of the projection's `ORDER BY at DESC, event_id DESC`. */
export const later = (x: Timed, y: Timed) => x.at > y.at || (x.at === y.at && x.eventId > y.eventId);

/** `data->'customer'->>'name'` of a fact, as the refresh reads names. */
function nameOf(data: Record<string, unknown>): string | undefined {
  const customer = data['customer'];
  if (!customer || typeof customer !== 'object') return undefined;
  const name = (customer as Record<string, unknown>)['name'];
  if (name === undefined || name === null) return undefined;
  return typeof name === 'string' ? name : JSON.stringify(name);
}

const NO_DATA: Record<string, unknown> = Object.freeze({});
const SIGNAL_FIELDS = ['kind', 'score', 'ticketId', 'category', 'to', 'at', 'openedAt'];

/** The fields of an event's data `evolveSignals` reads (an order's data is mostly items it does not read). */
function signalData(data: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of SIGNAL_FIELDS) if (data[key] !== undefined) (out ??= {})[key] = data[key];
  return out ?? NO_DATA;
}
