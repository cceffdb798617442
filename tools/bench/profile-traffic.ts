import { customerIdFor, type CustomerRef, eventIdFor } from '@csp/contracts';
import type { StreamAppend } from '@csp/event-store';
import { normaliseIdentifiers } from '@csp/ingestion-domain';
import { simulateTraffic, type SimEvent } from '@csp/simulator';

/** A customer the API phase looks up: its id (as every service computes it) and its identifiers. */
export interface LookupTarget {
  id: string;
  email?: string;
  phone?: string;
}

export interface ProfileTraffic {
  /** One append per event, as ingestion stores it (stream `interaction-<customerId>`). */
  appends: StreamAppend[];
  days: number;
  targets: LookupTarget[];
}

/** Simulated days whose traffic holds about `events` events for `customers` customers (measured on a pilot). */
export function daysFor(seed: string, customers: number, events: number): number {
  const pilotCustomers = Math.min(customers, 300);
  const pilotDays = 20;
  const perCustomerDay = simulateTraffic({ seed, customers: pilotCustomers, days: pilotDays }).length / (pilotCustomers * pilotDays);
  // A little more than needed: the run is cut to exactly `events` (the earliest ones, as the log would hold them).
  return Math.max(1, Math.ceil((events / (customers * perCustomerDay)) * 1.08));
}

/**
 * `events` events of `customers` simulated customers (seeded), normalised and keyed exactly as ingestion
 * would store them, plus the identifiers of the customers they name. The simulation is cut to the first
 * `events` in time order, so a smaller run is the beginning of a larger one with the same days.
 */
export function profileTraffic(o: { seed: string; customers: number; events: number }): ProfileTraffic {
  const days = daysFor(o.seed, o.customers, o.events);
  const simulated = simulateTraffic({ seed: o.seed, customers: o.customers, days }).slice(0, o.events);
  const targets = new Map<string, LookupTarget>();
  const appends = simulated.map((e) => toAppend(e, targets));
  return { appends, days, targets: [...targets.values()].filter((t) => t.email || t.phone) };
}

function toAppend(e: SimEvent, targets: Map<string, LookupTarget>): StreamAppend {
  const { data } = normaliseIdentifiers(e.data as unknown as Record<string, unknown>);
  const ref = customerRefOf(data);
  const customerId = customerIdFor(ref);
  if (data['customer']) {
    const t = targets.get(customerId) ?? { id: customerId };
    t.email ??= ref.email;
    t.phone ??= ref.phone;
    targets.set(customerId, t);
  }
  const id = eventIdFor(e.source, e.id);
  const metadata = { source: e.source, ceId: e.id, occurredAt: e.time, receivedAt: e.time, subject: e.subject, partitionKey: customerId, correlationId: id };
  return { streamName: `interaction-${customerId}`, events: [{ id, type: e.type, data, metadata }], expectedRevision: 'any' };
}

/** Ingestion's rule: the event's `customer`, or the author of a social mention. */
function customerRefOf(data: Record<string, unknown>): CustomerRef {
  if (data['customer']) return data['customer'] as CustomerRef;
  return { social: { platform: String(data['platform']), handle: String(data['handle']) } };
}
